import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SessionLivenessRepository } from '@app/audit';
import { DomainError, forImageField, kycValidationsConfig, KycValidationsConfig } from '@app/core';
import { FaceEngine, hammingDistance } from '@app/face';
import { Clock } from '@app/session';
import { ParsedForm } from '../../http/multipart-form';
import { SessionDecisionService } from '../../validations/decision/session-decision.service';
import { frameField, HostedChallengeDto, HostedSessionStateDto } from '../hosted-session.dto';
import { HostedSessionService } from '../hosted-session.service';
import { verifyChallenge } from './challenge-verifier';
import { CapturePhase, CHALLENGE_STEPS, ChallengeFrame, ChallengeStep, DEFAULT_CHALLENGE_TOLERANCES } from './challenge.types';
import { AnalysedFrame, FrameAnalyzer } from './frame-analyzer';
import { judgePassive } from './passive-liveness';

/** Steps per challenge, frames per phase, and how long the page gives each phase. */
export const CHALLENGE_SHAPE = { steps: 2, framesPerPhase: 2, maxFramesPerPhase: 3, phaseMs: 2500 } as const;

/** The frame fields a liveness submission may carry (every phase, up to the maximum per phase). */
export const FRAME_FIELDS: readonly string[] = (['center', ...CHALLENGE_STEPS] as CapturePhase[]).flatMap((phase) =>
  Array.from({ length: CHALLENGE_SHAPE.maxFramesPerPhase }, (_, i) => frameField(phase, i)),
);

/**
 * The live selfie: issues a challenge (random steps, a single-use nonce stored hashed with the
 * session, a few minutes to answer), then verifies the frames sent with it (verifyChallenge plus
 * the passive model). A failed challenge may be retried while attempts are left; the last failure,
 * an attack seen by the passive model, or a passed challenge decides the session, with the most
 * frontal good frame as the selfie.
 */
@Injectable()
export class HostedLivenessService {
  constructor(
    private readonly sessions: HostedSessionService,
    private readonly liveness: SessionLivenessRepository,
    private readonly frames: FrameAnalyzer,
    private readonly engine: FaceEngine,
    private readonly decider: SessionDecisionService,
    @Inject(kycValidationsConfig.KEY) private readonly config: KycValidationsConfig,
    private readonly clock: Clock,
  ) {}

  async challenge(token: string): Promise<HostedChallengeDto> {
    return this.sessions.withSelfieStep(token, async (validation) => {
      const nonce = randomBytes(32).toString('base64url');
      const steps = pickSteps(CHALLENGE_SHAPE.steps);
      const expiresAt = new Date(this.clock.now().getTime() + this.config.livenessChallengeSeconds * 1000);
      const issued = await this.liveness.issueChallenge(validation.id, hashNonce(nonce), steps, expiresAt, this.config.livenessMaxAttempts);
      if (!issued) throw new DomainError('CONFLICT', 'No liveness attempts are left for this session', { step: 'selfie' });
      return {
        nonce,
        steps,
        framesPerPhase: CHALLENGE_SHAPE.framesPerPhase,
        phaseMs: CHALLENGE_SHAPE.phaseMs,
        expiresAt,
        attemptsLeft: this.config.livenessMaxAttempts - issued.attempts,
      };
    });
  }

  /** `readForm` reads the frames; it runs only once the token names a session waiting for its selfie. */
  async verify(token: string, readForm: () => Promise<ParsedForm>): Promise<HostedSessionStateDto> {
    return this.sessions.withSelfieStep(token, async (validation, document) => {
      const { text, images } = await readForm();
      const nonce = text.nonce;
      if (!nonce) throw DomainError.invalid('nonce: required (the nonce of the challenge these frames answer)', { field: 'nonce' });
      const challenge = await this.liveness.consumeChallenge(validation.id, hashNonce(nonce), this.clock.now());
      if (!challenge)
        throw new DomainError('CONFLICT', 'This liveness challenge expired or was already used: ask for a new one', { step: 'selfie' });
      const steps = challenge.steps as ChallengeStep[];
      const named = framesOf(images, steps);
      const analysed = await Promise.all(named.map((frame) => this.analyze(frame.field, frame.bytes)));
      const observed: ChallengeFrame[] = analysed.map((frame, i) => ({
        phase: named[i].phase,
        faces: frame.analysis.faces.length,
        pose: frame.analysis.primary?.pose ?? null,
        template: frame.analysis.primary?.template ?? null,
        sha256: frame.sha256,
        perceptualHash: frame.perceptualHash,
        passiveScore: frame.passiveScore,
      }));
      const verdict = verifyChallenge(steps, observed, DEFAULT_CHALLENGE_TOLERANCES, {
        identityScore: (a, b) => this.engine.compare(a, b).score,
        hashDistance: hammingDistance,
      });
      const passive = judgePassive(
        observed.map((frame) => frame.passiveScore),
        (score) => this.frames.judge(score),
      );
      const attemptsLeft = Math.max(0, this.config.livenessMaxAttempts - challenge.attempts);
      const failures = verdict.failures.map(({ code, message }) => ({ code, message }));
      if (!verdict.passed && passive.verdict !== 'attack' && attemptsLeft > 0) {
        return { ...(await this.sessions.selfieStepState(validation)), liveness: { passed: false, failures, attemptsLeft } };
      }
      const selfie = analysed[verdict.referenceFrame ?? firstWithFace(analysed)];
      const decided = await this.decider.decide(
        validation.id,
        document,
        {
          bytes: selfie.bytes,
          analysis: selfie.analysis,
          frames: analysed.map(({ bytes, analysis, sha256, perceptualHash }) => ({ bytes, analysis, sha256, perceptualHash })),
          liveness: {
            method: 'challenge',
            score: passive.score,
            passive: passive.verdict,
            challenge: { steps, passed: verdict.passed, failures: failures.map((f) => f.code), attempts: challenge.attempts },
            frames: analysed.length,
          },
        },
        { document: 'document', selfie: named[verdict.referenceFrame ?? 0].field },
      );
      return { ...(await this.sessions.closeSelfieStep(decided.validation)), liveness: { passed: verdict.passed, failures, attemptsLeft } };
    });
  }

  private analyze(field: string, bytes: Buffer): Promise<AnalysedFrame> {
    return forImageField(field, this.frames.analyze(bytes));
  }
}

/** `count` distinct steps in random order (the server's choice: the page only shows them). */
function pickSteps(count: number): ChallengeStep[] {
  const pool = [...CHALLENGE_STEPS];
  const steps: ChallengeStep[] = [];
  while (steps.length < count && pool.length > 0) steps.push(pool.splice(randomInt(pool.length), 1)[0]);
  return steps;
}

function hashNonce(nonce: string): string {
  return createHash('sha256').update(nonce).digest('hex');
}

/** The frames in phase order ("center", then the steps), refusing phases the challenge did not ask for. */
function framesOf(images: Record<string, Buffer>, steps: ChallengeStep[]): Array<{ field: string; phase: CapturePhase; bytes: Buffer }> {
  const phases: CapturePhase[] = ['center', ...steps];
  const frames = phases.flatMap((phase) =>
    Array.from({ length: CHALLENGE_SHAPE.maxFramesPerPhase }, (_, i) => frameField(phase, i))
      .filter((field) => images[field])
      .map((field) => ({ field, phase, bytes: images[field] })),
  );
  const stray = Object.keys(images).filter((field) => !frames.some((frame) => frame.field === field));
  if (stray.length > 0) throw DomainError.invalid(`${stray[0]}: this challenge did not ask for that movement`, { field: stray[0] });
  const missing = phases.filter((phase) => !frames.some((frame) => frame.phase === phase));
  if (missing.length > 0)
    throw DomainError.invalid(`${frameField(missing[0], 0)}: required (at least one frame per phase: ${phases.join(', ')})`, {
      field: frameField(missing[0], 0),
    });
  return frames;
}

function firstWithFace(frames: AnalysedFrame[]): number {
  const index = frames.findIndex((frame) => frame.analysis.primary !== null);
  return index === -1 ? 0 : index;
}
