/**
 * The public shapes of the face engine. Everything that leaves libs/face is one of these: plain
 * data, no pixels. Coordinates are in pixels of the decoded image after EXIF orientation was
 * applied, at the image's original resolution (not the shrunk working copy).
 */

import type { HeadPose } from './landmarks/head-pose';

export type { HeadPose };

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

/** One embedding of a face and the model version it came from (only equal versions are comparable). */
export interface FaceEmbedding {
  /** e.g. "fr_feature@faceplugin-0.0.1+flip", "frnet@face-api-1.7.15". */
  modelVersion: string;
  /** L2-normalised embedding. */
  vector: number[];
}

/** A face template: one embedding per embedder the engine ran (FACE_EMBEDDERS), in that order. */
export interface FaceTemplate {
  embeddings: FaceEmbedding[];
}

/** The passive liveness model's view of the primary face (only when the analysis was asked for it). */
export interface LivenessAssessment {
  /**
   * Probability that the face is a live person in front of the camera (not a print, a screen or a
   * cut-out), 0..100, two decimals. Judge it with `judgeLiveness` and the configured thresholds.
   */
  score: number;
  /** The model's softmax, class 0 (live) first; the other two are its attack classes. */
  probabilities: number[];
  /** e.g. "fr_liveness@faceplugin-0.0.1". */
  modelVersion: string;
}

export interface PrimaryFace extends DetectedFace {
  /** The five ArcFace points (left eye, right eye, nose tip, left mouth corner, right mouth corner). */
  landmarks5: Point[];
  /** Coarse yaw, roll and scale from the 68 landmarks (landmarks/head-pose.ts). */
  pose: HeadPose;
  quality: FaceQuality;
  template: FaceTemplate;
  /**
   * dHash (64 bits, 16 hex digits) of the face aligned onto the 112x112 template: near-identical for
   * copies, crops and re-encodes of one image, far apart for two photos (anti-replay: isSameCapture).
   */
  faceHash: string;
  /** Present when the analysis was asked for liveness (`analyze(bytes, { liveness: true })`). */
  liveness?: LivenessAssessment;
}

export interface StageTimings {
  decodeMs: number;
  detectMs: number;
  /** All embedders together (their crops included). */
  embedMs: number;
  /** Each embedder's share of `embedMs`, keyed by model version. */
  embedders: Record<string, number>;
  /** The passive liveness model (crop and inference), when it ran. */
  livenessMs?: number;
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
  /** Calibrated similarity 0..100, two decimals; 30 is the default threshold (see models/README.md). */
  score: number;
  /**
   * What the score is calibrated on: with one embedder its plain cosine (-1..1); with several, the
   * mean of their cosines each normalised against its impostor distribution (z-units).
   */
  similarity: number;
  /** The model versions compared (those both templates have, of the engine's), in engine order. */
  embedders: string[];
  /**
   * True when fewer embedders were compared than the engine runs (a template from an older or
   * differently configured engine); the score then comes from the calibration of those it had.
   */
  fallback: boolean;
  /** Plain cosine per compared model version. */
  cosines: Record<string, number>;
  /** The plain cosine of the first compared embedder (the only figure before there were several). */
  cosine: number;
}
