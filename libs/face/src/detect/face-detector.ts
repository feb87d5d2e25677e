import type { InferenceSession } from 'onnxruntime-node';
import { runModel } from '../pipeline/onnx-session';
import type { RgbImage } from '../image/resample';
import { resizeArea } from '../image/resize-area';
import { toPlanarNormalised } from '../image/tensor-layout';
import { type Candidate, nonMaximumSuppression, readCandidates } from './detections';

export const DETECTOR_INPUT_WIDTH = 320;
export const DETECTOR_INPUT_HEIGHT = 240;

export interface DetectorSettings {
  /** Minimum face probability to keep a box. */
  confidenceThreshold: number;
  /** Boxes overlapping a more confident one by more than this IoU are dropped. */
  iouThreshold: number;
  /**
   * "letterbox" keeps the aspect ratio (grey bars); "stretch" squeezes the image into 320x240 as the
   * reference code does, which distorts portrait photos.
   */
  fit: 'letterbox' | 'stretch';
}

/** RFB-320 (Ultra-Light-Fast-Generic-Face-Detector) on a 320x240 RGB input, (x - 127) / 128. */
export class FaceDetector {
  constructor(
    private readonly session: InferenceSession,
    private readonly settings: DetectorSettings,
  ) {}

  /** Faces in `image`, in its continuous pixel coordinates, most confident first. */
  async detect(image: RgbImage): Promise<Candidate[]> {
    const area = this.inputArea(image);
    const pixels = resizeArea(image, area, DETECTOR_INPUT_WIDTH, DETECTOR_INPUT_HEIGHT, 127);
    const input = toPlanarNormalised(pixels, DETECTOR_INPUT_WIDTH, DETECTOR_INPUT_HEIGHT);
    const outputs = await runModel(this.session, input, [1, 3, DETECTOR_INPUT_HEIGHT, DETECTOR_INPUT_WIDTH]);
    const candidates = readCandidates(outputs.scores, outputs.boxes, this.settings.confidenceThreshold);
    return nonMaximumSuppression(candidates, this.settings.iouThreshold).map((c) => ({
      x1: area.left + c.x1 * area.width,
      y1: area.top + c.y1 * area.height,
      x2: area.left + c.x2 * area.width,
      y2: area.top + c.y2 * area.height,
      score: c.score,
    }));
  }

  /** The rectangle of the image (possibly extending past it, for letterboxing) the input covers. */
  private inputArea(image: RgbImage): { left: number; top: number; width: number; height: number } {
    if (this.settings.fit === 'stretch') return { left: 0, top: 0, width: image.width, height: image.height };
    const scale = Math.max(image.width / DETECTOR_INPUT_WIDTH, image.height / DETECTOR_INPUT_HEIGHT);
    const width = DETECTOR_INPUT_WIDTH * scale;
    const height = DETECTOR_INPUT_HEIGHT * scale;
    return { left: (image.width - width) / 2, top: (image.height - height) / 2, width, height };
  }
}
