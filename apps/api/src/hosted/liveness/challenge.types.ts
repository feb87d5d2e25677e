import type { FaceTemplate, HeadPose } from '@app/face';

/** What the page may ask the person to do after looking straight at the camera. */
export const CHALLENGE_STEPS = ['turn_left', 'turn_right', 'come_closer'] as const;
export type ChallengeStep = (typeof CHALLENGE_STEPS)[number];

/** A frame belongs to the opening "look straight" phase or to one step of the challenge. */
export type CapturePhase = 'center' | ChallengeStep;

/** One captured frame as the verifier sees it: measurements only, no pixels. */
export interface ChallengeFrame {
  phase: CapturePhase;
  /** Faces found in the frame. */
  faces: number;
  /** The primary face's pose and template; null when the frame holds no face. */
  pose: HeadPose | null;
  template: FaceTemplate | null;
  /** SHA-256 of the uploaded bytes (hex). */
  sha256: string;
  /** Perceptual hash of the frame's pixels (hex), compared by Hamming distance. */
  perceptualHash: string;
  /** The passive model's liveness 0..100 for the primary face; null when it did not run. */
  passiveScore: number | null;
}

/**
 * Measured bounds of the challenge (docs/sessions.md, "The live selfie"). `yaw` and `scale` are
 * HeadPose's units: yaw −1..1 (nose between the jaw ends), scale = jaw width / image width.
 */
export interface ChallengeTolerances {
  /** The reference frame of the "center" phase must be at least this frontal (|yaw| ≤). */
  frontalMaxYaw: number;
  /** A turn must move the yaw this far from the reference, in the asked direction. */
  minYawTurn: number;
  /** "Come closer" must grow the face's scale by this factor over the reference. */
  minScaleGain: number;
  /** Two frames of different phases whose perceptual hashes differ by ≤ this many bits are the same picture. */
  maxNearDuplicateBits: number;
  /** Every frame must match the reference frame's face at this calibrated score (0..100) or more. */
  minIdentityScore: number;
}

export const DEFAULT_CHALLENGE_TOLERANCES: ChallengeTolerances = {
  frontalMaxYaw: 0.15,
  minYawTurn: 0.15,
  minScaleGain: 1.12,
  maxNearDuplicateBits: 4,
  minIdentityScore: 30,
};

export type ChallengeFailureCode =
  | 'NO_FRAMES'
  | 'NO_FACE_IN_FRAME'
  | 'MULTIPLE_FACES_IN_FRAME'
  | 'NOT_FRONTAL'
  | 'IDENTITY_CHANGED'
  | 'POSE_NOT_MATCHED'
  | 'DUPLICATE_FRAMES';

export interface ChallengeFailure {
  code: ChallengeFailureCode;
  /** A sentence for the decision and the page (no biometric values beyond poses and counts). */
  message: string;
  /** The frames concerned (0-based, in upload order). */
  frames: number[];
}

export interface StepResult {
  step: ChallengeStep;
  passed: boolean;
  /** The yaw or scale change seen in the step's best frame, relative to the reference. */
  observed: number | null;
}

export interface ChallengeVerdict {
  passed: boolean;
  failures: ChallengeFailure[];
  steps: StepResult[];
  /** The most frontal good frame of the "center" phase: the session's selfie. Null when none. */
  referenceFrame: number | null;
  /** Lowest identity score of any frame against the reference; null without a reference. */
  minIdentityScore: number | null;
}
