import { expect } from '@jest/globals';
import sharp from 'sharp';
import { DomainError, ImageRejectedError } from '@app/core';
import type { FaceAnalysis, FaceBox, FaceTemplate } from '../face.types';
import { FaceEngine } from './face-engine';
import { FR, FRNET, REAL_MODELS_CONFIG, samplePhoto } from './testing/real-models';

/** Real models, real photos, real worker threads (loaded from TypeScript via @swc-node/register). */
const CONFIG = REAL_MODELS_CONFIG;
const photo = samplePhoto;

/**
 * Three people who are visibly different (checked by eye), each located by a point inside their face
 * so the choice does not depend on detection order: the centre woman of sample1, the curly-haired
 * blonde on the left of sample3 and the woman on the right of sample2. (Some sample photos show the
 * same models twice, so arbitrary cross-photo pairs are not guaranteed to be different people.)
 */
const PEOPLE = [
  { photo: 1, near: [931, 539] },
  { photo: 3, near: [690, 462] },
  { photo: 2, near: [1544, 279] },
] as const;

function faceNear(analysis: FaceAnalysis, [x, y]: readonly [number, number]): FaceBox {
  const distance = (b: FaceBox) => Math.hypot(b.x + b.width / 2 - x, b.y + b.height / 2 - y);
  const [nearest] = [...analysis.faces].sort((a, b) => distance(a.box) - distance(b.box));
  expect(distance(nearest.box)).toBeLessThan(nearest.sizePx / 2);
  return nearest.box;
}

/** A passport-style crop: the face with 80% of its size as margin on every side. */
async function cropAround(bytes: Buffer, box: FaceBox, image: { width: number; height: number }): Promise<Buffer> {
  const margin = Math.round(Math.max(box.width, box.height) * 0.8);
  const left = Math.max(0, box.x - margin);
  const top = Math.max(0, box.y - margin);
  const width = Math.min(image.width - left, box.width + 2 * margin);
  const height = Math.min(image.height - top, box.height + 2 * margin);
  return sharp(bytes).extract({ left, top, width, height }).jpeg({ quality: 95 }).toBuffer();
}

/** The ID-document stand-in: 320 px, soft, heavily compressed. */
const degrade = (bytes: Buffer) =>
  sharp(bytes).resize({ width: 320, height: 320, fit: 'inside' }).blur(0.7).jpeg({ quality: 30 }).toBuffer();

/** Deterministic noise (a linear congruential generator), so the test cannot flake. */
function noise(width: number, height: number, seed = 12345): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = state >> 23;
  }
  return pixels;
}

async function templateOf(engine: FaceEngine, bytes: Buffer): Promise<FaceTemplate> {
  const analysis = await engine.analyze(bytes);
  expect(analysis.primary).not.toBeNull();
  return (analysis.primary as NonNullable<FaceAnalysis['primary']>).template;
}

describe('FaceEngine with the real models', () => {
  const engine = new FaceEngine(CONFIG);
  const crops: Buffer[] = [];

  beforeAll(async () => {
    await engine.start();
    for (const person of PEOPLE) {
      const bytes = photo(person.photo);
      const analysis = await engine.analyze(bytes);
      crops.push(await cropAround(bytes, faceNear(analysis, person.near), analysis.image));
    }
  });
  afterAll(() => engine.close());

  it('reports ready worker threads and the embedders of its templates (fused by default, no flip)', () => {
    expect(engine.status()).toEqual({
      ready: true,
      workers: 2,
      queued: 0,
      reserved: 0,
      modelVersion: `${FR} & ${FRNET}`,
      embedders: [FR, FRNET],
    });
  });

  it('finds every face in the sample photos, the primary first, in original pixel coordinates', async () => {
    const analyses = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => engine.analyze(photo(n))));
    for (const analysis of analyses) {
      expect(analysis.image).toMatchObject({ format: 'jpeg', width: 1920 });
      expect(analysis.faces.length).toBeGreaterThanOrEqual(3);
      const primary = analysis.primary as NonNullable<FaceAnalysis['primary']>;
      expect(primary.box).toEqual(analysis.faces[0].box);
      // Faces in these photos are 130-300 px; a box in working-copy pixels would be half that.
      expect(primary.sizePx).toBeGreaterThan(120);
      expect(primary.confidence).toBeGreaterThan(0.9);
      const { x, y, width, height } = primary.box;
      const [leftEye, rightEye, nose, leftMouth, rightMouth] = primary.landmarks5;
      for (const [px, py] of primary.landmarks5) {
        expect(px).toBeGreaterThan(x - width * 0.1);
        expect(px).toBeLessThan(x + width * 1.1);
        expect(py).toBeGreaterThan(y);
        expect(py).toBeLessThan(y + height);
      }
      expect(leftEye[0]).toBeLessThan(rightEye[0]);
      expect(Math.max(leftEye[1], rightEye[1])).toBeLessThan(nose[1]);
      expect(nose[1]).toBeLessThan(Math.max(leftMouth[1], rightMouth[1]));
      const [fr, frnet] = primary.template.embeddings;
      expect(fr.modelVersion).toBe(FR);
      expect(fr.vector).toHaveLength(512);
      expect(Math.hypot(...fr.vector)).toBeCloseTo(1, 5);
      expect(frnet.modelVersion).toBe(FRNET);
      expect(frnet.vector).toHaveLength(128);
      expect(Math.hypot(...frnet.vector)).toBeCloseTo(1, 5);
      expect(analysis.timings.decodeMs).toBeGreaterThan(0);
      expect(Object.keys(analysis.timings.embedders)).toEqual([FR, FRNET]);
      expect(analysis.timings.embedders[FR] + analysis.timings.embedders[FRNET]).toBeCloseTo(analysis.timings.embedMs, 1);
    }
  });

  it('matches each face against a degraded copy of itself with both embedders fused (score >= 30)', async () => {
    for (const crop of crops) {
      const comparison = engine.compare(await templateOf(engine, crop), await templateOf(engine, await degrade(crop)));
      expect(comparison).toMatchObject({ embedders: [FR, FRNET], fallback: false });
      expect(comparison.score).toBeGreaterThanOrEqual(30);
      expect(comparison.cosines[FR]).toBeGreaterThan(0.6);
      expect(comparison.cosines[FRNET]).toBeGreaterThan(0.9);
      expect(comparison.similarity).toBeGreaterThan(3);
    }
  });

  it('keeps different people apart (score < 30)', async () => {
    const templates = await Promise.all(crops.map((crop) => templateOf(engine, crop)));
    for (let i = 0; i < templates.length; i++) {
      for (let j = i + 1; j < templates.length; j++) {
        expect(engine.compare(templates[i], templates[j]).score).toBeLessThan(30);
      }
    }
  });

  it('finds no face in noise or a flat colour', async () => {
    const noisy = await sharp(noise(400, 300), { raw: { width: 400, height: 300, channels: 3 } })
      .png()
      .toBuffer();
    const flat = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c8a082' } })
      .png()
      .toBuffer();
    for (const bytes of [noisy, flat]) {
      const analysis = await engine.analyze(bytes);
      expect(analysis).toMatchObject({ image: { format: 'png', width: 400, height: 300 }, faces: [], primary: null });
    }
  });

  it('rejects unusable images with ImageRejectedError and keeps working', async () => {
    const tiny = await sharp(crops[0]).resize(50, 50).jpeg().toBuffer();
    const random = Buffer.from(noise(64, 64, 7).subarray(0, 5000));
    const truncated = crops[0].subarray(0, Math.floor(crops[0].length / 2));
    const reasons: string[] = [];
    for (const bytes of [tiny, random, truncated]) {
      const error = await engine.analyze(bytes).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImageRejectedError);
      reasons.push((error as ImageRejectedError).reason);
    }
    expect(reasons[0]).toBe('image is 50x50; its shorter side must be at least 80 px');
    expect(reasons[1]).toBe('not a JPEG, PNG, WebP or TIFF image');
    expect(reasons[2]).toMatch(/corrupt or truncated/);
    await expect(templateOf(engine, crops[0])).resolves.toHaveProperty('embeddings');
  });

  it('applies EXIF orientation: a sideways-stored photo gives the same face and embedding', async () => {
    const upright = await engine.analyze(crops[1]);
    const sideways = await sharp(crops[1]).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const rotated = await engine.analyze(sideways);
    expect(rotated.image).toEqual(upright.image);
    const [a, b] = [upright.primary, rotated.primary].map((p) => p as NonNullable<FaceAnalysis['primary']>);
    expect(Math.abs(a.box.x - b.box.x)).toBeLessThan(a.sizePx * 0.1);
    expect(Math.abs(a.box.y - b.box.y)).toBeLessThan(a.sizePx * 0.1);
    expect(engine.compare(a.template, b.template).cosines).toEqual({ [FR]: expect.any(Number), [FRNET]: expect.any(Number) });
    expect(engine.compare(a.template, b.template).cosines[FR]).toBeGreaterThan(0.9);
    expect(engine.compare(a.template, b.template).cosines[FRNET]).toBeGreaterThan(0.97);
  });

  it("leaves the caller's buffer intact (it transfers a copy)", async () => {
    const bytes = Buffer.from(crops[2]);
    await engine.analyze(bytes);
    expect(bytes.equals(crops[2])).toBe(true);
  });

  it('falls back to the one embedder a partial template has, and says so', async () => {
    const [fr, frnet] = (await templateOf(engine, crops[0])).embeddings;
    const probe = await templateOf(engine, await degrade(crops[0]));
    const comparison = engine.compare(probe, { embeddings: [fr] });
    expect(comparison).toMatchObject({ embedders: [FR], fallback: true, cosines: { [FR]: comparison.cosine } });
    expect(comparison.similarity).toBe(comparison.cosine);
    expect(comparison.score).toBeGreaterThanOrEqual(30);
    expect(engine.compare({ embeddings: [frnet] }, probe)).toMatchObject({ embedders: [FRNET], fallback: true });
  });

  it('refuses templates that share no embedder it runs', async () => {
    const template = await templateOf(engine, crops[0]);
    const foreign: FaceTemplate = { embeddings: [{ modelVersion: 'arcface@other', vector: template.embeddings[0].vector }] };
    const error = (() => {
      try {
        engine.compare(template, foreign);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(() => engine.compare(foreign, foreign)).toThrow(
      /cannot be compared: no embedding this engine compares; this engine runs fr_feature/,
    );
  });
});

describe('FaceEngine and templates stored by the previous default (fr alone, flip-averaged)', () => {
  const fused = new FaceEngine({ ...CONFIG, workers: 1 });
  const previous = new FaceEngine({ ...CONFIG, workers: 1, embedders: ['fr'] });
  beforeAll(() => Promise.all([fused.start(), previous.start()]));
  afterAll(() => Promise.all([fused.close(), previous.close()]));

  it('compares them with the fr embedding of new templates as a calibrated mixed pair', async () => {
    expect(previous.status().embedders).toEqual([`${FR}+flip`]);
    const bytes = photo(1);
    const analysis = await previous.analyze(bytes);
    const person = await cropAround(bytes, faceNear(analysis, PEOPLE[0].near), analysis.image);
    const stored = await templateOf(previous, person);
    expect(stored.embeddings.map((embedding) => embedding.modelVersion)).toEqual([`${FR}+flip`]);
    const otherPhoto = await fused.analyze(photo(3));
    const other = await cropAround(photo(3), faceNear(otherPhoto, PEOPLE[1].near), otherPhoto.image);
    const same = fused.compare(await templateOf(fused, await degrade(person)), stored);
    expect(same).toMatchObject({ embedders: [`${FR} ~ ${FR}+flip`], fallback: true });
    expect(same.score).toBeGreaterThanOrEqual(30);
    expect(fused.compare(await templateOf(fused, other), stored).score).toBeLessThan(30);
  });
});
