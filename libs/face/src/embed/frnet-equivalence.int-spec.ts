import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type { FrnetOnnxReply, FrnetOnnxRequest } from './testing/frnet-onnx.worker';

/**
 * The ONNX graph models/convert-frnet.js builds must be face-api's FaceRecognitionNet: the same
 * 150x150 crops (every face the engine's detector finds in the six sample photos, cropped as the
 * engine crops) go through face-api's own tfjs implementation (WebAssembly backend, weights from
 * models/face-api) and through onnxruntime (in a worker thread: it cannot run inside Jest's
 * sandbox), and the raw descriptors must agree.
 */
const ROOT = join(__dirname, '../../../..');
const MODELS = join(ROOT, 'models');
const PHOTOS = [1, 2, 3, 4, 5, 6].map((n) => join(ROOT, 'test/fixtures/photos', `sample${n}.jpg`));

function runOnnx(request: FrnetOnnxRequest): Promise<FrnetOnnxReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'testing/frnet-onnx.worker.ts'), {
      workerData: request,
      execArgv: ['-r', require.resolve('@swc-node/register')],
    });
    worker.once('message', (reply: FrnetOnnxReply) => {
      void worker.terminate();
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply);
    });
    worker.once('error', reject);
  });
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return dot / Math.sqrt(aa * bb);
}

describe('FaceRecognitionNet converted to ONNX', () => {
  let onnx: FrnetOnnxReply;

  beforeAll(async () => {
    onnx = await runOnnx({ modelsDir: MODELS, photos: PHOTOS });
    await tf.setBackend('wasm');
    await tf.ready();
    await faceapi.nets.faceRecognitionNet.loadFromDisk(join(MODELS, 'face-api'));
  }, 120_000);

  it("gives face-api's own descriptors on the engine's crops (max abs diff < 1e-4, cosine >= 0.9999)", async () => {
    expect(onnx.crops.length).toBeGreaterThanOrEqual(18);
    let maxAbsDiff = 0;
    let minCosine = 1;
    for (let i = 0; i < onnx.crops.length; i++) {
      // Copied into this realm's Float32Array: tfjs checks `instanceof` on its inputs.
      const input = tf.tensor3d(Float32Array.from(onnx.crops[i]), [150, 150, 3]);
      const reference = (await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input)) as Float32Array;
      input.dispose();
      const ours = onnx.descriptors[i];
      expect(reference).toHaveLength(128);
      expect(ours).toHaveLength(128);
      for (let k = 0; k < 128; k++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(reference[k] - ours[k]));
      minCosine = Math.min(minCosine, cosine(reference, ours));
    }
    process.stdout.write(
      `frnet ONNX vs face-api: ${onnx.crops.length} crops, max abs diff ${maxAbsDiff.toExponential(2)}, min cosine ${minCosine.toFixed(8)}\n`,
    );
    expect(maxAbsDiff).toBeLessThan(1e-4);
    expect(minCosine).toBeGreaterThanOrEqual(0.9999);
  }, 120_000);

  it('is built deterministically: converting again gives the sha256 recorded in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8')) as {
      converted: Array<{ to: string; sha256: string }>;
    };
    const entry = manifest.converted.find((c) => c.to === 'models/frnet.onnx');
    expect(entry).toBeDefined();
    // In a child process: the converter is the install script's plain CommonJS, run as it runs there.
    const script =
      "const { convertFaceRecognitionNet } = require('./models/convert-frnet.js');" +
      "const bytes = convertFaceRecognitionNet('models/face-api/face_recognition_model-weights_manifest.json', ['models/face-api/face_recognition_model.bin']);" +
      "process.stdout.write(require('node:crypto').createHash('sha256').update(bytes).digest('hex'));";
    const rebuilt = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    const installed = createHash('sha256')
      .update(readFileSync(join(MODELS, 'frnet.onnx')))
      .digest('hex');
    expect(rebuilt).toBe(entry?.sha256);
    expect(installed).toBe(entry?.sha256);
  });
});
