import type { InferenceSession } from 'onnxruntime-node';
import type { Candidate } from '../detect/detections';
import { type ImageView, originalToView } from '../image/image-view';
import { rectangleMap, warpRgb } from '../image/resample';
import { runModel } from '../pipeline/onnx-session';
import { LIVENESS_INPUT_SIDE, livenessCropRect } from './liveness-crop';
import { softmax, toPlanarBgr } from './liveness-tensor';

/** The model file and the version recorded with every liveness score. */
export const LIVENESS_MODEL_FILE = 'fr_liveness.onnx';
export const LIVENESS_MODEL_VERSION = 'fr_liveness@faceplugin-0.0.1';

/** Class 0 of the model's 3-class softmax is "live" (the package reads score_arr[0]; verified on genuine photos). */
const LIVE_CLASS = 0;

export interface LivenessProbe {
  /** Probability of the live class, 0..1. */
  live: number;
  /** The whole softmax, class 0 (live) first. */
  probabilities: number[];
}

/**
 * Passive (single-image) liveness: the face box enlarged 2.7x, sampled to 128x128 with plain
 * bilinear interpolation (what the reference's cv.resize does), raw BGR 0..255, softmax of 3
 * classes. Runs on the pipeline's overview (longest side 640, about what the reference's camera
 * canvas holds), so it costs one small inference and no extra decode.
 */
export class LivenessModel {
  readonly modelVersion = LIVENESS_MODEL_VERSION;

  constructor(private readonly session: InferenceSession) {}

  /** `face` is in original coordinates, `original` the size of the oriented image. */
  async probe(view: ImageView, face: Candidate, original: { width: number; height: number }): Promise<LivenessProbe> {
    const rect = livenessCropRect(face, original.width, original.height);
    const [left, top] = originalToView(view, rect.left, rect.top);
    const [right, bottom] = originalToView(view, rect.left + rect.width, rect.top + rect.height);
    const side = LIVENESS_INPUT_SIDE;
    const map = rectangleMap(left, top, right - left, bottom - top, side, side);
    const pixels = warpRgb(view, map, side, side, 0, false);
    const outputs = await runModel(this.session, toPlanarBgr(pixels, side, side), [1, 3, side, side]);
    const probabilities = softmax(outputs[this.session.outputNames[0]]);
    return { live: probabilities[LIVE_CLASS], probabilities };
  }
}
