import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaceBox, FaceEngine } from '@app/face';

const PHOTOS = join(__dirname, '..', 'fixtures', 'photos');

/** A sample photo fetched at install time (several people each; see models/manifest.json). */
export function samplePhoto(n: 1 | 2 | 3 | 4 | 5 | 6): Buffer {
  return readFileSync(join(PHOTOS, `sample${n}.jpg`));
}

/** Cuts one face out of a photo with generous margins, as a portrait-like JPEG. */
export async function cropFace(photo: Buffer, box: FaceBox, margin = 0.6): Promise<Buffer> {
  const meta = await sharp(photo).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const left = Math.max(0, Math.round(box.x - box.width * margin));
  const top = Math.max(0, Math.round(box.y - box.height * margin));
  const right = Math.min(width, Math.round(box.x + box.width * (1 + margin)));
  const bottom = Math.min(height, Math.round(box.y + box.height * (1 + margin)));
  return sharp(photo)
    .extract({ left, top, width: right - left, height: bottom - top })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** An ID-document-like copy: small, soft, washed out and heavily compressed. */
export async function degradeLikeDocument(image: Buffer): Promise<Buffer> {
  return sharp(image)
    .resize(320, 320, { fit: 'inside' })
    .blur(0.7)
    .modulate({ saturation: 0.6, brightness: 1.05 })
    .jpeg({ quality: 30 })
    .toBuffer();
}

export interface FaceFixtures {
  /** One person's face, cropped from a group photo. */
  personA: Buffer;
  /** The same person as a degraded, document-like copy. */
  personADocument: Buffer;
  /** Another person from the same photo. */
  personB: Buffer;
  /** The whole group photo (several faces). */
  group: Buffer;
}

/** Builds the fixtures from sample1.jpg, using the engine only to locate the faces. */
export async function buildFaceFixtures(engine: FaceEngine): Promise<FaceFixtures> {
  const group = samplePhoto(1);
  const analysis = await engine.analyze(group);
  if (analysis.faces.length < 2) throw new Error(`sample1.jpg should hold several faces, found ${analysis.faces.length}`);
  const [first, second] = analysis.faces;
  const personA = await cropFace(group, first.box);
  const personB = await cropFace(group, second.box);
  return { personA, personADocument: await degradeLikeDocument(personA), personB, group };
}

/** Flat grey: a valid image with no face in it. */
export function blankImage(width = 400, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .png()
    .toBuffer();
}
