import type { InferenceSession } from 'onnxruntime-node';
import type { Candidate } from '../detect/detections';
import type { RgbImage } from '../image/resample';
import { resizeArea } from '../image/resize-area';
import { toGreyPlane } from '../image/tensor-layout';
import { runModel } from '../pipeline/onnx-session';

const CROP_SIDE = 64;

export interface LandmarkSettings {
  /**
   * The landmark crop is a square centred on the face box, `cropScale` times the box's longer
   * side. The model was trained on square crops (the reference squares the box on its height).
   */
  cropScale: number;
}

/** The 68-point iBUG landmark model: 64x64 grey crop (x / 256) in, 136 values normalised to the crop out. */
export class LandmarkDetector {
  constructor(
    private readonly session: InferenceSession,
    private readonly settings: LandmarkSettings,
  ) {}

  /** The 68 points as [x0, y0, x1, y1, ...] in `image`'s continuous pixel coordinates. */
  async locate(image: RgbImage, box: Candidate): Promise<Float64Array> {
    const side = Math.max(box.x2 - box.x1, box.y2 - box.y1) * this.settings.cropScale;
    const left = (box.x1 + box.x2) / 2 - side / 2;
    const top = (box.y1 + box.y2) / 2 - side / 2;
    const crop = resizeArea(image, { left, top, width: side, height: side }, CROP_SIDE, CROP_SIDE, 0);
    const outputs = await runModel(this.session, toGreyPlane(crop, CROP_SIDE, CROP_SIDE), [1, 1, CROP_SIDE, CROP_SIDE]);
    const normalised = outputs[this.session.outputNames[0]];
    const points = new Float64Array(normalised.length);
    for (let i = 0; i < normalised.length; i += 2) {
      points[i] = left + normalised[i] * side;
      points[i + 1] = top + normalised[i + 1] * side;
    }
    return points;
  }
}
