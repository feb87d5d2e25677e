import { expect } from '@jest/globals';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ImageRejectedError } from '@app/core';
import { FaceEngine } from './face-engine';
import { FR, FRNET, REAL_MODELS_CONFIG as CONFIG, REPO_ROOT as ROOT, samplePhoto as photo } from './testing/real-models';

describe('FaceEngine start-up', () => {
  it('fails loudly, naming the file, when a model is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'face-models-'));
    const engine = new FaceEngine({ ...CONFIG, workers: 1, modelsDir: empty, analyseOnly: true });
    await expect(engine.start()).rejects.toThrow(`face model missing: ${join(empty, 'fr_detect.onnx')}`);
    expect(engine.status().ready).toBe(false);
    await engine.close();
  });

  it('names frnet.onnx when only the fetched models are there (the install step converts it)', async () => {
    const partial = mkdtempSync(join(tmpdir(), 'face-models-'));
    for (const file of ['fr_detect.onnx', 'fr_landmark.onnx', 'fr_feature.onnx', 'fr_liveness.onnx', 'manifest.json']) {
      symlinkSync(join(ROOT, 'models', file), join(partial, file));
    }
    const engine = new FaceEngine({ ...CONFIG, workers: 1, modelsDir: partial });
    await expect(engine.start()).rejects.toThrow(`face model missing: ${join(partial, 'frnet.onnx')}`);
    await engine.close();
  });

  it('fails when the manifest cannot be read or lacks a calibration it may need', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'face-models-'));
    const engine = new FaceEngine({ ...CONFIG, workers: 1, modelsDir: empty });
    await expect(engine.start()).rejects.toThrow(/cannot read the models manifest/);
    const knots = [
      { similarity: -1, score: 0 },
      { similarity: 1, score: 100 },
    ];
    const uncalibrated = new FaceEngine({ ...CONFIG, workers: 1, calibrations: [{ modelVersions: [FR], knots }] });
    await expect(uncalibrated.start()).rejects.toThrow(`the calibrations given has no calibration for ${FRNET}`);
  });

  it('is not ready after close', async () => {
    const engine = new FaceEngine({ ...CONFIG, workers: 1 });
    await engine.start();
    expect(engine.status().ready).toBe(true);
    await engine.close();
    expect(engine.status()).toMatchObject({ ready: false, workers: 0 });
    await expect(engine.analyze(photo(1))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'face engine is not running' });
  });
});

describe('FaceEngine.checkImage', () => {
  // Header only: no worker thread, no model, so an engine that was never started can answer.
  const engine = new FaceEngine(CONFIG);

  it('accepts an image within the rules and reports its format and size', async () => {
    await expect(engine.checkImage(photo(1))).resolves.toEqual({ format: 'jpeg', width: 1920, height: 1280 });
  });

  it('refuses what analyze would refuse, with the same ImageRejectedError', async () => {
    const tiny = await sharp(photo(1)).resize(50, 50).jpeg().toBuffer();
    await expect(engine.checkImage(tiny)).rejects.toBeInstanceOf(ImageRejectedError);
    await expect(engine.checkImage(Buffer.from('GIF89a not really'))).rejects.toThrow(/JPEG, PNG, WebP or TIFF/);
  });
});
