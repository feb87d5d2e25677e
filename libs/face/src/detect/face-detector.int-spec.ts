import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DETECTOR_INPUT_HEIGHT, DETECTOR_INPUT_WIDTH } from './face-detector';

const ROOT = join(__dirname, '../../../..');

/**
 * The RFB-320 prior boxes in the order the network emits them: per feature map (strides 8, 16, 32,
 * 64), row by row, column by column, one prior per min size. [cx, cy, w, h], normalised.
 */
function priorBoxes(): Float64Array {
  const minSizes = [
    [10, 16, 24],
    [32, 48],
    [64, 96],
    [128, 192, 256],
  ];
  const strides = [8, 16, 32, 64];
  const priors: number[] = [];
  strides.forEach((stride, k) => {
    const columns = Math.ceil(DETECTOR_INPUT_WIDTH / stride);
    const rows = Math.ceil(DETECTOR_INPUT_HEIGHT / stride);
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        for (const size of minSizes[k]) {
          priors.push(
            ((column + 0.5) * stride) / DETECTOR_INPUT_WIDTH,
            ((row + 0.5) * stride) / DETECTOR_INPUT_HEIGHT,
            size / DETECTOR_INPUT_WIDTH,
            size / DETECTOR_INPUT_HEIGHT,
          );
        }
      }
    }
  });
  return Float64Array.from(priors);
}

/**
 * ONNX Runtime cannot run inside Jest's sandbox (its output tensors come from another realm and fail
 * the Float32Array check), so the model runs in a worker thread, as it does in production, and only
 * the numbers come back here.
 */
interface DetectorRun {
  scores: number[];
  boxes: number[];
  view: { width: number; height: number };
  faces: Array<{ x1: number; y1: number; x2: number; y2: number; score: number }>;
}

function runDetectorOnSample1(): Promise<DetectorRun> {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    const { decodeView, readHeader } = require(${JSON.stringify(join(__dirname, '../image/decode-image.ts'))});
    const { resizeArea } = require(${JSON.stringify(join(__dirname, '../image/resize-area.ts'))});
    const { toPlanarNormalised } = require(${JSON.stringify(join(__dirname, '../image/tensor-layout.ts'))});
    const { openSession, runModel } = require(${JSON.stringify(join(__dirname, '../pipeline/onnx-session.ts'))});
    const { FaceDetector } = require(${JSON.stringify(join(__dirname, 'face-detector.ts'))});
    (async () => {
      const session = await openSession(${JSON.stringify(join(ROOT, 'models/fr_detect.onnx'))});
      const bytes = readFileSync(${JSON.stringify(join(ROOT, 'test/fixtures/photos/sample1.jpg'))});
      const limits = { maxSide: 1280, minSide: 80, maxMegapixels: 40, maxBytes: 1e8 };
      const view = await decodeView(bytes, await readHeader(bytes, limits), 640);
      // Stretched to the whole input, so normalised outputs map straight onto the view.
      const pixels = resizeArea(view, { left: 0, top: 0, width: view.width, height: view.height }, 320, 240, 127);
      const raw = await runModel(session, toPlanarNormalised(pixels, 320, 240), [1, 3, 240, 320]);
      const detector = new FaceDetector(session, { confidenceThreshold: 0.7, iouThreshold: 0.4, fit: 'letterbox' });
      parentPort.postMessage({
        scores: Array.from(raw.scores), boxes: Array.from(raw.boxes),
        view: { width: view.width, height: view.height }, faces: await detector.detect(view),
      });
    })();`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, execArgv: ['-r', require.resolve('@swc-node/register')] });
    worker.once('message', (run: DetectorRun) => {
      resolve(run);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('the RFB-320 detector model', () => {
  let run: DetectorRun;
  beforeAll(async () => {
    run = await runDetectorOnSample1();
  });

  it('emits boxes already decoded: corner form, normalised, each on its own prior', () => {
    const { scores, boxes } = run;
    const priors = priorBoxes();
    expect(priors.length / 4).toBe(scores.length / 2);
    let confident = 0;
    for (let i = 0; i < scores.length / 2; i++) {
      if (scores[i * 2 + 1] < 0.9) continue;
      confident++;
      const [x1, y1, x2, y2] = boxes.slice(i * 4, i * 4 + 4);
      const [cx, cy, pw, ph] = priors.subarray(i * 4, i * 4 + 4);
      expect(x2).toBeGreaterThan(x1);
      expect(y2).toBeGreaterThan(y1);
      // A decoded box lies where its prior is and has a comparable size; raw regression offsets
      // (small numbers around 0, to be scaled by the variances) would not.
      expect(Math.abs((x1 + x2) / 2 - cx)).toBeLessThan(pw);
      expect(Math.abs((y1 + y2) / 2 - cy)).toBeLessThan(ph);
      expect((x2 - x1) / pw).toBeGreaterThan(0.25);
      expect((x2 - x1) / pw).toBeLessThan(4);
    }
    expect(confident).toBeGreaterThan(3);
  });

  it('finds the three faces of sample1 in the pixel coordinates of the image it was given', () => {
    const { faces, view } = run;
    expect(faces).toHaveLength(3);
    for (const face of faces) {
      expect(face.x1).toBeGreaterThanOrEqual(0);
      expect(face.x2).toBeLessThanOrEqual(view.width);
      expect(face.y2).toBeLessThanOrEqual(view.height);
      // Faces of ~200 px in the 1920 px original are ~65 px in this 640 px view.
      expect(face.x2 - face.x1).toBeGreaterThan(50);
      expect(face.x2 - face.x1).toBeLessThan(90);
    }
    expect(faces.map((f) => f.score)).toEqual([...faces.map((f) => f.score)].sort((a, b) => b - a));
  });
});
