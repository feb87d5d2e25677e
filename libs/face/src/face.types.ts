/**
 * The public shapes of the face engine. Everything that leaves libs/face is one of these: plain
 * data, no pixels. Coordinates are in pixels of the decoded image after EXIF orientation was
 * applied, at the image's original resolution (not the shrunk working copy).
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff';

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Point = [number, number];

export interface DetectedFace {
  box: FaceBox;
  /** Detector confidence 0..1. */
  confidence: number;
  /** Shorter side of the face box, in original-image pixels. */
  sizePx: number;
}

export interface FaceQuality {
  /** True when the face is too small or too uncertain to trust the comparison fully (LOW_FACE_QUALITY). */
  low: boolean;
  /** Why it is low, for logs and audit (e.g. "face 41 px < 64 px"). Empty when not low. */
  reasons: string[];
}

/** A face embedding with the model it came from; only templates of the same model are comparable. */
export interface FaceTemplate {
  modelVersion: string;
  /** L2-normalised embedding. */
  vector: number[];
}

export interface PrimaryFace extends DetectedFace {
  /** The five ArcFace points (left eye, right eye, nose tip, left mouth corner, right mouth corner). */
  landmarks5: Point[];
  quality: FaceQuality;
  template: FaceTemplate;
}

export interface StageTimings {
  decodeMs: number;
  detectMs: number;
  embedMs: number;
}

export interface FaceAnalysis {
  image: { format: ImageFormat; width: number; height: number };
  /** Every face found, the primary one first (best size-and-centrality rank). */
  faces: DetectedFace[];
  /** The primary face with its template; null when no face was found. */
  primary: PrimaryFace | null;
  timings: StageTimings;
}

export interface FaceComparison {
  /** Plain cosine similarity of the two embeddings, -1..1. */
  cosine: number;
  /** Calibrated similarity 0..100, two decimals (see models/README.md). */
  score: number;
}
