import sharp from 'sharp';
import type { SelfieSubmission } from '../../apps/api/src/validations/decision/session-decision.service';

/** The liveness a passed hosted-page challenge gives a selfie (that flow has its own suite): two turns, five frames, no passive score. */
export function passedChallenge(): SelfieSubmission['liveness'] {
  return {
    method: 'challenge',
    score: null,
    passive: null,
    challenge: { steps: ['turn_left', 'turn_right'], passed: true, failures: [], attempts: 1 },
    frames: 5,
  };
}

/**
 * Another capture of the face in `photo`: mirrored and framed differently for each `n`, so the
 * anti-replay memory sees neither a replay of an earlier selfie nor the document's own photo.
 */
export function recapture(photo: Buffer, n: number): Promise<Buffer> {
  return sharp(photo)
    .flop()
    .extend({ top: 6 * n, left: 10 * n, background: { r: 90, g: 110, b: 130 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}
