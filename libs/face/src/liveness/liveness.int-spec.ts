import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FaceConfig } from '@app/core';
import { FaceEngine } from '../engine/face-engine';
import { REAL_MODELS_CONFIG, REPO_ROOT, samplePhoto } from '../engine/testing/real-models';
import { judgeLiveness } from './liveness-verdict';

/** Real models, real photos, the engine's real worker threads. */
const CONFIG: FaceConfig = { ...REAL_MODELS_CONFIG, workers: 1, embedders: ['fr'], flipAugment: false };
const ROOT = REPO_ROOT;
const deepface = (name: string) => readFileSync(join(ROOT, '../shared/faces/deepface/images', name));
const sample = samplePhoto;

/** Single-person portraits of different people, lighting and framing. */
const GENUINE = ['img1.jpg', 'img10.jpg', 'img18.jpg', 'img27.jpg', 'img44.jpg', 'img62.jpg'];

describe('passive liveness (fr_liveness, real photos)', () => {
  const engine = new FaceEngine({ ...CONFIG, analyseOnly: true });
  beforeAll(() => engine.start(), 120_000);
  afterAll(() => engine.close());

  it.each(GENUINE)('scores the genuine photo %s as live', async (name) => {
    const analysis = await engine.analyze(deepface(name), { liveness: true });
    const liveness = analysis.primary?.liveness;
    expect(liveness?.modelVersion).toBe('fr_liveness@faceplugin-0.0.1');
    expect(liveness?.score).toBeGreaterThan(95);
    expect(judgeLiveness(liveness?.score ?? 0)).toBe('live');
    expect(liveness?.probabilities).toHaveLength(3);
    expect(analysis.timings.livenessMs).toBeGreaterThan(0);
  });

  it('runs only when asked', async () => {
    const analysis = await engine.analyze(sample(1));
    expect(analysis.primary?.liveness).toBeUndefined();
    expect(analysis.timings.livenessMs).toBeUndefined();
  });

  it('reads BGR: the same face with red and blue swapped no longer scores as live', async () => {
    // Swapping the channels of the photo is what feeding the model RGB would do to it.
    const { data, info } = await sharp(deepface('img21.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i += 3) [data[i], data[i + 2]] = [data[i + 2], data[i]];
    const swapped = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    const [original, flipped] = await Promise.all([
      engine.analyze(deepface('img21.jpg'), { liveness: true }),
      engine.analyze(swapped, { liveness: true }),
    ]);
    expect(original.primary?.liveness?.score).toBeGreaterThan(95);
    expect(flipped.primary?.liveness?.score).toBeLessThan(50);
  });

  it('an image without a face has no liveness to report', async () => {
    const blank = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    const analysis = await engine.analyze(blank, { liveness: true });
    expect(analysis.primary).toBeNull();
  });
});
