import type { KycValidationStatus } from '@app/audit';
import type { CapturePhase, ChallengeFailureCode, ChallengeStep } from './liveness/challenge.types';

export type HostedStep = 'consent' | 'document' | 'selfie' | 'result';

/** What the hosted page may know about its session: no ids of the organization, no personal data. */
export class HostedSessionStateDto {
  /** The validation's status (`expired` also when its expiry passed and the sweep has not run yet). */
  status!: KycValidationStatus;
  /** The step the page should show. */
  step!: HostedStep;
  consentGiven!: boolean;
  documentReceived!: boolean;
  expiresAt!: Date;
  /** Where the page sends the person at the end (with `?status=`), or null. */
  callback!: string | null;
  /** At the selfie step: whether the organization lets the person upload a photo instead of the live capture. */
  selfieUploadAllowed!: boolean;
  /** After a liveness submission: how the challenge went (absent otherwise). */
  liveness?: HostedLivenessAttemptDto;
}

/** A liveness challenge for the page: what to ask, and the nonce to send the frames with. */
export class HostedChallengeDto {
  /** Single-use, bound to this session; send it back with the frames. */
  nonce!: string;
  /** What to ask after "look at the camera", in order. */
  steps!: ChallengeStep[];
  /** Frames to capture per phase ("center", then each step). */
  framesPerPhase!: number;
  /** Milliseconds each phase lasts on the page (its frames are taken 45% and 70% into it). */
  phaseMs!: number;
  expiresAt!: Date;
  /** Challenges left after this one. */
  attemptsLeft!: number;
}

/** One reason a challenge failed, in words the page can show. */
export class HostedChallengeFailureDto {
  code!: ChallengeFailureCode;
  message!: string;
}

/** The outcome of one challenge, for the page (the session's decision holds the full record). */
export class HostedLivenessAttemptDto {
  passed!: boolean;
  /** Why it failed (empty when it passed). A named class: the Swagger plugin cannot describe an inline object type here. */
  failures!: HostedChallengeFailureDto[];
  /** Challenges left: the page offers a retry while some are left and the session is still open. */
  attemptsLeft!: number;
}

/** The multipart field of a frame: `<phase>_<n>`, e.g. `center_0`, `turn_left_1`. */
export function frameField(phase: CapturePhase, index: number): string {
  return `${phase}_${index}`;
}
