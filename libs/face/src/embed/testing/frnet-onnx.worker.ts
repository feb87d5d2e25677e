/**
 * Test fixture (frnet-equivalence.int-spec.ts): runs in a worker thread because onnxruntime cannot run
 * inside Jest's sandbox (its typed arrays belong to another realm). For every face the detector
 * finds in the given photos it makes the 150x150 FaceRecognitionNet crop from the 68 landmarks,
 * exactly as the engine does, and runs models/frnet.onnx on it; it posts back the crops and the raw
 * (not normalised) descriptors. Only relative imports, like face.worker.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { frnetCrop, FRNET_INPUT_SIDE } from '../../align/frnet-crop';
import { FaceDetector } from '../../detect/face-detector';
import { decodeView, readHeader } from '../../image/decode-image';
import { LandmarkDetector } from '../../landmarks/landmark-detector';
import { DEFAULT_TUNING, EMBEDDER_FILES, MODEL_FILES } from '../../pipeline/face-pipeline';
import { openSession, runModel } from '../../pipeline/onnx-session';

export interface FrnetOnnxRequest {
  modelsDir: string;
  photos: string[];
}

export interface FrnetOnnxReply {
  crops: Float32Array[];
  descriptors: Float32Array[];
  error?: string;
}

const LIMITS = { maxSide: 1280, minSide: 80, maxMegapixels: 40, maxBytes: Number.MAX_SAFE_INTEGER };

async function run({ modelsDir, photos }: FrnetOnnxRequest): Promise<FrnetOnnxReply> {
  sharp.concurrency(1);
  const [detector, landmarks, frnet] = await Promise.all(
    [MODEL_FILES.detector, MODEL_FILES.landmarks, EMBEDDER_FILES.frnet].map((file) => openSession(join(modelsDir, file))),
  );
  const faces = new FaceDetector(detector, DEFAULT_TUNING);
  const locator = new LandmarkDetector(landmarks, DEFAULT_TUNING);
  const reply: FrnetOnnxReply = { crops: [], descriptors: [] };
  try {
    for (const photo of photos) {
      const bytes = readFileSync(photo);
      const view = await decodeView(bytes, await readHeader(bytes, LIMITS), 640);
      for (const box of await faces.detect(view)) {
        const crop = frnetCrop(view, await locator.locate(view, box));
        const outputs = await runModel(frnet, crop, [1, FRNET_INPUT_SIDE, FRNET_INPUT_SIDE, 3]);
        reply.crops.push(crop);
        reply.descriptors.push(Float32Array.from(outputs[frnet.outputNames[0]]));
      }
    }
  } finally {
    await Promise.all([detector, landmarks, frnet].map((session) => session.release()));
  }
  return reply;
}

run(workerData as FrnetOnnxRequest).then(
  (reply) => parentPort?.postMessage(reply),
  (error: unknown) =>
    parentPort?.postMessage({ crops: [], descriptors: [], error: error instanceof Error ? error.message : String(error) }),
);
