import type { FaceTemplate } from '@app/face';
import { ChallengeFailure, ChallengeFrame, ChallengeStep, ChallengeTolerances, ChallengeVerdict, StepResult } from './challenge.types';

export interface ChallengeComparators {
  /** Calibrated identity score 0..100 of two templates (FaceEngine.compare(...).score). */
  identityScore(a: FaceTemplate, b: FaceTemplate): number;
  /** Hamming distance in bits between two perceptual hashes. */
  hashDistance(a: string, b: string): number;
}

/**
 * The active challenge's rule, on frames already analysed (pure: no model, no I/O):
 * 1. every frame holds exactly one face;
 * 2. the reference is the most frontal frame of the "center" phase and must look straight;
 * 3. every frame is the reference's person (calibrated score ≥ minIdentityScore);
 * 4. each step has a frame whose pose moved as asked from the reference (yaw for the turns, the
 *    face's scale for "come closer");
 * 5. no two frames are byte-identical, and no two frames of different phases are the same picture
 *    (perceptual hashes within maxNearDuplicateBits): a still photo or one image sent again fails.
 * Frames of one phase may look alike (a person holding still), never be the same bytes.
 */
export function verifyChallenge(
  steps: readonly ChallengeStep[],
  frames: readonly ChallengeFrame[],
  tolerances: ChallengeTolerances,
  compare: ChallengeComparators,
): ChallengeVerdict {
  const failures: ChallengeFailure[] = [];
  const fail = (code: ChallengeFailure['code'], message: string, indexes: number[]) => failures.push({ code, message, frames: indexes });
  if (frames.length === 0) {
    fail('NO_FRAMES', 'No frames were received', []);
    return {
      passed: false,
      failures,
      steps: steps.map((step) => ({ step, passed: false, observed: null })),
      referenceFrame: null,
      minIdentityScore: null,
    };
  }

  const faceless = indexesWhere(frames, (frame) => frame.faces === 0 || !frame.pose || !frame.template);
  if (faceless.length > 0) fail('NO_FACE_IN_FRAME', `No face was found in ${faceless.length} of ${frames.length} frames`, faceless);
  const crowded = indexesWhere(frames, (frame) => frame.faces > 1);
  if (crowded.length > 0) fail('MULTIPLE_FACES_IN_FRAME', `More than one face was found in ${crowded.length} frames`, crowded);

  const reference = pickReference(frames);
  if (reference === null) {
    fail('NOT_FRONTAL', 'No frame of the first phase shows a face looking at the camera', []);
  } else if (Math.abs(frames[reference].pose!.yaw) > tolerances.frontalMaxYaw) {
    fail('NOT_FRONTAL', `The face was not looking straight at the camera at the start (yaw ${frames[reference].pose!.yaw})`, [reference]);
  }

  let minIdentityScore: number | null = null;
  if (reference !== null) {
    const strangers: number[] = [];
    frames.forEach((frame, index) => {
      if (index === reference || !frame.template) return;
      const score = compare.identityScore(frames[reference].template!, frame.template);
      minIdentityScore = minIdentityScore === null ? score : Math.min(minIdentityScore, score);
      if (score < tolerances.minIdentityScore) strangers.push(index);
    });
    if (strangers.length > 0)
      fail('IDENTITY_CHANGED', `${strangers.length} frames do not show the same person as the first one`, strangers);
  }

  const stepResults = steps.map((step) => judgeStep(step, frames, reference, tolerances));
  const missed = stepResults.filter((result) => !result.passed);
  if (missed.length > 0) {
    fail('POSE_NOT_MATCHED', `The movement asked was not seen: ${missed.map((result) => result.step).join(', ')}`, []);
  }

  const duplicates = findDuplicates(frames, tolerances, compare);
  if (duplicates.length > 0) fail('DUPLICATE_FRAMES', 'Some frames are the same picture (a still photo or a repeated image)', duplicates);

  return { passed: failures.length === 0, failures, steps: stepResults, referenceFrame: reference, minIdentityScore };
}

/** The most frontal frame with exactly one face in the "center" phase. */
function pickReference(frames: readonly ChallengeFrame[]): number | null {
  let best: number | null = null;
  frames.forEach((frame, index) => {
    if (frame.phase !== 'center' || frame.faces !== 1 || !frame.pose || !frame.template) return;
    if (best === null || Math.abs(frame.pose.yaw) < Math.abs(frames[best].pose!.yaw)) best = index;
  });
  return best;
}

function judgeStep(
  step: ChallengeStep,
  frames: readonly ChallengeFrame[],
  reference: number | null,
  tolerances: ChallengeTolerances,
): StepResult {
  if (reference === null) return { step, passed: false, observed: null };
  const base = frames[reference].pose!;
  const candidates = frames.filter((frame) => frame.phase === step && frame.faces === 1 && frame.pose);
  if (candidates.length === 0) return { step, passed: false, observed: null };
  // Positive yaw: the nose towards the image's right, the person's own left in an unmirrored frame.
  const change = (frame: ChallengeFrame): number => {
    const pose = frame.pose!;
    if (step === 'turn_left') return pose.yaw - base.yaw;
    if (step === 'turn_right') return base.yaw - pose.yaw;
    return base.scale > 0 ? pose.scale / base.scale : 0;
  };
  const observed = Math.max(...candidates.map(change));
  const needed = step === 'come_closer' ? tolerances.minScaleGain : tolerances.minYawTurn;
  return { step, passed: observed >= needed, observed: Math.round(observed * 1000) / 1000 };
}

/** Frames that repeat another: the same bytes anywhere, or the same picture in another phase. */
function findDuplicates(frames: readonly ChallengeFrame[], tolerances: ChallengeTolerances, compare: ChallengeComparators): number[] {
  const repeated = new Set<number>();
  for (let i = 0; i < frames.length; i++) {
    for (let j = i + 1; j < frames.length; j++) {
      const same = frames[i].sha256 === frames[j].sha256;
      const lookalike =
        frames[i].phase !== frames[j].phase &&
        compare.hashDistance(frames[i].perceptualHash, frames[j].perceptualHash) <= tolerances.maxNearDuplicateBits;
      if (same || lookalike) {
        repeated.add(i);
        repeated.add(j);
      }
    }
  }
  return [...repeated].sort((a, b) => a - b);
}

function indexesWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number[] {
  return items.flatMap((item, index) => (predicate(item) ? [index] : []));
}
