/**
 * `npm run bench:anti-replay [-- --json]`
 *
 * Measures what SAME_CAPTURE_BOUNDS (libs/face/src/anti-replay/same-capture.ts) rests on:
 * - every pair of two different photos (../shared/faces/deepface and the install's test photos;
 *   img11_reflection, a mirrored copy of img11, is left out of the pairs and reported apart): the
 *   highest cosine (the lowest over the engine's embedders, as isSameCapture compares) and the
 *   lowest dHash distance of their aligned faces;
 * - copies of each photo an attacker could send as the selfie: a JPEG re-encode, a crop around
 *   the face, and the ID-document stand-in (small, soft, compressed): the lowest cosine and the
 *   highest dHash distance to the original.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { type FaceAnalysis, isSameCapture, SAME_CAPTURE_BOUNDS } from '@app/face';
import { degradeLikeIdDocument } from './lib/docsim';
import { benchFlags } from './lib/flags';
import { log, root } from './lib/services';
import { photoEngine } from './lib/setup';
import { round } from './lib/stats';

const { json: asJson } = benchFlags({ script: 'bench:anti-replay', options: {}, switches: ['json'] });
const DEEPFACE = join(root, '../shared/faces/deepface/images');
const SAMPLES = join(root, 'test/fixtures/photos');
const LEFT_OUT = new Set(['couple.jpg', 'selfie-many-people.jpg', 'img11_reflection.jpg']);

async function cropAroundFace(bytes: Buffer, analysis: FaceAnalysis): Promise<Buffer> {
  const box = analysis.primary?.box;
  if (!box) throw new Error('no face');
  const margin = Math.round(Math.max(box.width, box.height) * 0.6);
  const left = Math.max(0, box.x - margin);
  const top = Math.max(0, box.y - margin);
  const width = Math.min(analysis.image.width - left, box.width + 2 * margin);
  const height = Math.min(analysis.image.height - top, box.height + 2 * margin);
  return sharp(bytes).rotate().extract({ left, top, width, height }).jpeg({ quality: 85 }).toBuffer();
}

async function main(): Promise<void> {
  const engine = photoEngine(2);
  await engine.start();
  const files = [
    ...readdirSync(DEEPFACE)
      .filter((f) => f.endsWith('.jpg') && !LEFT_OUT.has(f))
      .map((f) => join(DEEPFACE, f)),
    ...readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.jpg'))
      .map((f) => join(SAMPLES, f)),
  ];
  const photos: Array<{ file: string; bytes: Buffer; analysis: FaceAnalysis }> = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const analysis = await engine.analyze(bytes);
    if (analysis.primary) photos.push({ file, bytes, analysis });
  }
  log(`${photos.length} photos with a face`);

  let pairs = 0;
  let maxCosine = -1;
  let maxCosinePair = '';
  let minHash = 64;
  let falseSame = 0;
  for (let i = 0; i < photos.length; i++) {
    for (let j = i + 1; j < photos.length; j++) {
      const verdict = isSameCapture(photos[i], photos[j]);
      pairs++;
      if (verdict.same) falseSame++;
      if ((verdict.cosine ?? -1) > maxCosine) {
        maxCosine = verdict.cosine ?? -1;
        maxCosinePair = `${photos[i].file.split('/').pop()} ~ ${photos[j].file.split('/').pop()}`;
      }
      minHash = Math.min(minHash, verdict.hashDistance ?? 64);
    }
  }

  const copies: Record<string, { minCosine: number; maxHash: number; missed: number; n: number }> = {};
  // Copies are made of single-face photos (deepface's): in a group photo a crop may make another
  // face the primary one, which is then simply a different face.
  const singleFace = photos.filter((p) => p.file.startsWith(DEEPFACE) && p.analysis.faces.length === 1);
  const makers: Record<string, (p: (typeof photos)[number]) => Promise<{ original: (typeof photos)[number]; copy: Buffer }>> = {
    'JPEG re-encode (q70)': async (p) => ({ original: p, copy: await sharp(p.bytes).rotate().jpeg({ quality: 70 }).toBuffer() }),
    'face crop (q85)': async (p) => ({ original: p, copy: await cropAroundFace(p.bytes, p.analysis) }),
    'ID document image -> its portrait cut out, 2x, q80': async (p) => {
      const document = await degradeLikeIdDocument(p.bytes);
      const analysis = await engine.analyze(document);
      const crop = await cropAroundFace(document, analysis);
      const meta = await sharp(crop).metadata();
      const copy = await sharp(crop)
        .resize({ width: (meta.width ?? 100) * 2 })
        .jpeg({ quality: 80 })
        .toBuffer();
      return { original: { file: p.file, bytes: document, analysis }, copy };
    },
  };
  for (const [kind, make] of Object.entries(makers)) {
    const stats = { minCosine: 1, maxHash: 0, missed: 0, n: 0 };
    for (const photo of singleFace) {
      const { original, copy: bytes } = await make(photo);
      const analysis = await engine.analyze(bytes);
      const verdict = isSameCapture(original, { bytes, analysis });
      if (verdict.cosine === null) continue;
      stats.n++;
      stats.minCosine = Math.min(stats.minCosine, verdict.cosine);
      stats.maxHash = Math.max(stats.maxHash, verdict.hashDistance ?? 64);
      if (!verdict.same) stats.missed++;
    }
    copies[kind] = stats;
  }
  const reflection = await engine.analyze(readFileSync(join(DEEPFACE, 'img11_reflection.jpg')));
  const original = photos.find((p) => p.file.endsWith('/img11.jpg'));
  const mirrored =
    original && reflection.primary
      ? isSameCapture(original, { bytes: readFileSync(join(DEEPFACE, 'img11_reflection.jpg')), analysis: reflection })
      : null;
  await engine.close();

  const result = {
    bounds: SAME_CAPTURE_BOUNDS,
    differentPhotos: {
      photos: photos.length,
      pairs,
      maxCosine: round(maxCosine, 4),
      maxCosinePair,
      minHashDistance: minHash,
      judgedSame: falseSame,
    },
    copies,
    mirroredCopy: mirrored && { cosine: mirrored.cosine, hashDistance: mirrored.hashDistance, same: mirrored.same },
  };
  if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(
      `different photos: ${pairs} pairs, highest cosine ${round(maxCosine, 4)} (${maxCosinePair}), lowest dHash distance ${minHash}, judged the same capture: ${falseSame}\n`,
    );
    for (const [kind, s] of Object.entries(copies)) {
      process.stdout.write(
        `${kind}: ${s.n} copies, lowest cosine ${round(s.minCosine, 4)}, highest dHash distance ${s.maxHash}, missed ${s.missed}\n`,
      );
    }
    if (mirrored)
      process.stdout.write(
        `mirrored copy (img11_reflection): cosine ${mirrored.cosine}, dHash ${mirrored.hashDistance}, same ${mirrored.same}\n`,
      );
  }
}

void main();
