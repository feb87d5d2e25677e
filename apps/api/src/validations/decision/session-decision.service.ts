import { randomUUID } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { JsonObject, KycSettingsRepository, KycValidation, KycValidationRepository, SessionLivenessRepository } from '@app/audit';
import { DomainError, forImageField } from '@app/core';
import { FaceAnalysis, FaceEngine, FaceTemplate, isSameCapture } from '@app/face';
import { Clock, isOpen, KycSessions } from '@app/session';
import { BiometricCipher } from '@app/storage';
import { ApiMetrics } from '../../metrics/api-metrics';
import { sealFaceTemplate } from './face-template-codec';
import { FrameFingerprint, fingerprintFrame } from './frame-fingerprint';
import { decideSession, describeStep, SessionLiveness, SessionOutcome, SessionStatus } from './session-decision.rules';
import { describeCard } from './session-document.rules';
import { SessionCardCheck, SessionDocumentService } from './session-document.service';

/** The request fields the images arrive in (named in INVALID_REQUEST messages). */
export interface SessionImageFields {
  document: string;
  selfie: string;
}

const DEFAULT_FIELDS: SessionImageFields = { document: 'documentImage', selfie: 'selfieImage' };

export interface SubmittedFrame extends FrameFingerprint {
  bytes: Buffer;
  analysis: FaceAnalysis;
}

/** The selfie the person gave and how: the reference frame of a challenge, or an uploaded photo. */
export interface SelfieSubmission {
  bytes: Buffer;
  /** Its analysis when already made (a challenge frame); analysed here otherwise. */
  analysis?: FaceAnalysis;
  /** Every frame with its analysis and fingerprints; the selfie alone when absent (an upload). */
  frames?: SubmittedFrame[];
  /** What the presence checks found so far; the document-image and replay checks are made here. */
  liveness: Omit<SessionLiveness, 'matchesDocumentImage' | 'replayed'>;
}

export interface SessionDecisionResult {
  validation: KycValidation;
  status: SessionStatus;
  outcome: SessionOutcome;
}

/**
 * Decides a submitted validation session: the document's portrait against the selfie, with the
 * organization's threshold and the session rule (`decideSession`), and the DNI card read from the
 * document checked against the entity (SessionDocumentService). KycSessions writes the outcome:
 * both images (encrypted) and the selfie's sealed template as the session's biometric data, the
 * `decision` (with the card's sealed reading), the status and its event, all or nothing. Used by
 * the hosted capture page.
 */
@Injectable()
export class SessionDecisionService {
  private readonly logger = new Logger('KycValidations');

  constructor(
    private readonly engine: FaceEngine,
    private readonly validations: KycValidationRepository,
    private readonly sessions: KycSessions,
    private readonly liveness: SessionLivenessRepository,
    private readonly settings: KycSettingsRepository,
    private readonly cipher: BiometricCipher,
    private readonly clock: Clock,
    private readonly cards: SessionDocumentService,
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  /**
   * INVALID_REQUEST (naming the field) for an unusable image, NOT_FOUND for an unknown validation,
   * CONFLICT when the session is not open (already decided, expired, cancelled...).
   */
  async decide(
    validationId: string,
    documentBytes: Buffer,
    submission: SelfieSubmission,
    fields: SessionImageFields = DEFAULT_FIELDS,
  ): Promise<SessionDecisionResult> {
    const [found] = await this.validations.findByIds([validationId]);
    if (!found) throw DomainError.notFound(`Validation ${validationId}`);
    requireOpen(found, this.clock.now());
    const selfieBytes = submission.bytes;
    const [document, selfie] = await Promise.all([
      this.analyze(fields.document, documentBytes),
      submission.analysis ?? this.analyze(fields.selfie, selfieBytes),
    ]);
    const frames = submission.frames ?? [{ bytes: selfieBytes, analysis: selfie, ...(await fingerprintFrame(selfieBytes)) }];
    const hashes = frames.map(({ sha256, perceptualHash }) => ({ sha256, perceptualHash }));
    const liveness: SessionLiveness = {
      ...submission.liveness,
      // The document photo itself, or a crop of it, shown as the selfie (any frame).
      matchesDocumentImage: frames.some((frame) => isSameCapture({ bytes: documentBytes, analysis: document }, frame).same),
      replayed: await this.liveness.seenElsewhere(found.organizationId, found.id, hashes),
    };
    const settings = await this.settings.findForOrganization(found.organizationId);
    const threshold = settings.scoreDeclineThreshold;
    const portraitFound = document.faces.length > 0;
    const card = await this.cards.checkForDecision(
      found,
      { bytes: documentBytes, field: fields.document, portraitFound },
      this.clock.now(),
    );
    const compare = (a: FaceTemplate, b: FaceTemplate) => this.engine.compare(a, b);
    const outcome = decideSession(document, selfie, threshold, found.omitWarnings, compare, liveness, card.check.warnings);

    // A pending session is opened first (its own `in_progress` event), as the hosted page would;
    // if someone else opened (or closed) it meanwhile, the decision re-checks the status.
    if (found.status === 'pending') await this.sessions.open(found.id);
    const decided = await this.sessions.decide(
      found,
      {
        status: outcome.status,
        decision: { ...this.decisionOf(document, selfie, outcome, threshold, card), liveness: { ...liveness } },
        ...(card.newlySealed && { documentReadingSealed: card.newlySealed }),
        template: selfie.primary && {
          id: randomUUID(),
          template: sealFaceTemplate(this.cipher, selfie.primary.template),
          modelVersion: this.engine.modelVersion,
        },
      },
      { document: documentBytes, selfie: selfieBytes },
    );
    if (!decided) {
      const [now] = await this.validations.findByIds([found.id]);
      throw conflict(now ?? found, outcome.status);
    }
    // Remembered after the decision, so this session's own frames never count as a replay of itself.
    await this.liveness.recordFrameHashes(found.organizationId, found.entityId, found.id, hashes);
    this.logger.log(`validation ${found.id}: ${outcome.status} (${outcome.reason})`);
    this.metrics?.recordDecision('session', outcome.status, outcome.warnings);
    return { validation: decided, status: outcome.status, outcome };
  }

  private analyze(field: string, bytes: Buffer): Promise<FaceAnalysis> {
    return forImageField(field, this.engine.analyze(bytes));
  }

  private decisionOf(
    document: FaceAnalysis,
    selfie: FaceAnalysis,
    outcome: SessionOutcome,
    threshold: number,
    card: SessionCardCheck,
  ): JsonObject {
    return {
      document: { ...describeStep(document), ...describeCard(card.reading, card.check) },
      selfie: { ...describeStep(selfie), templateStored: selfie.primary !== null },
      faceMatch: { score: outcome.score, threshold, match: outcome.match, embedders: outcome.embedders, fallback: outcome.fallback },
      warnings: outcome.warnings,
      omittedWarnings: outcome.omittedWarnings,
      status: outcome.status,
      reason: outcome.reason,
      modelVersion: this.engine.modelVersion,
      decidedAt: this.clock.now().toISOString(),
      // Which images are stored (see sessionImages); removed by the right to erasure.
      storage: this.sessions.storageRecord(),
    };
  }
}

function requireOpen(validation: KycValidation, now: Date): void {
  if (isOpen(validation, now)) return;
  if (validation.status !== 'pending' && validation.status !== 'in_progress') {
    throw new DomainError('CONFLICT', `Validation ${validation.id} is ${validation.status}: its session is closed`, {
      status: validation.status,
    });
  }
  throw new DomainError('CONFLICT', `Validation ${validation.id} expired at ${validation.expiresAt.toISOString()}`, {
    status: validation.status,
  });
}

function conflict(validation: KycValidation, to: SessionStatus): DomainError {
  return new DomainError('CONFLICT', `Validation ${validation.id} is ${validation.status} and cannot become ${to}`, {
    status: validation.status,
  });
}
