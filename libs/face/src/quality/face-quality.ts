import type { FaceQuality } from '../face.types';

export interface QualityThresholds {
  /** Shorter face-box side, in original pixels, below which the face is low quality. */
  minSizePx: number;
  /** Detector confidence below which the face is low quality. */
  minConfidence: number;
}

/** Whether a face is too small or too uncertain to trust a comparison fully, and why. */
export function assessQuality(face: { sizePx: number; confidence: number }, thresholds: QualityThresholds): FaceQuality {
  const reasons: string[] = [];
  if (face.sizePx < thresholds.minSizePx) {
    reasons.push(`face ${Math.round(face.sizePx)} px < ${thresholds.minSizePx} px`);
  }
  if (face.confidence < thresholds.minConfidence) {
    reasons.push(`detector confidence ${face.confidence.toFixed(2)} < ${thresholds.minConfidence}`);
  }
  return { low: reasons.length > 0, reasons };
}
