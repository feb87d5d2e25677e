import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaceConfig } from '@app/core';

/** The repository root, where `models/` (fetched by `npm ci`) and `test/fixtures/` are. */
export const REPO_ROOT = join(__dirname, '../../../../..');

/** An engine on the real models with the contract's image limits: the specs that need real inference start from it. */
export const REAL_MODELS_CONFIG: FaceConfig = {
  modelsDir: join(REPO_ROOT, 'models'),
  workers: 2,
  queueLimit: 1000,
  taskTimeoutMs: 60_000,
  embedders: ['fr', 'frnet'],
  flipAugment: true,
  maxSide: 1280,
  minQualitySize: 64,
  minQualityConfidence: 0.9,
  imageMaxBytes: 5 * 1024 * 1024,
  imageMinSide: 80,
  imageMaxMegapixels: 40,
};

export const FR = 'fr_feature@faceplugin-0.0.1';
export const FRNET = 'frnet@face-api-1.7.15';

/** `test/fixtures/photos/sample<n>.jpg`. */
export const samplePhoto = (n: number): Buffer => readFileSync(join(REPO_ROOT, 'test/fixtures/photos', `sample${n}.jpg`));
