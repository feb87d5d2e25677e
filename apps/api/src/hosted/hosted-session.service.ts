import { Injectable } from '@nestjs/common';
import { KycSettingsRepository, KycValidation, KycValidationRepository } from '@app/audit';
import { DomainError, forImageField } from '@app/core';
import { FaceEngine } from '@app/face';
import { Clock, isFinal, isPastExpiry, KycSessions, shownStatus } from '@app/session';
import { uploadedSelfie } from '../validations/decision/session-decision.rules';
import { SessionDecisionService } from '../validations/decision/session-decision.service';
import { SessionDocumentService } from '../validations/decision/session-document.service';
import { hashSessionToken } from '../validations/validations.service';
import { HostedSessionStateDto, HostedStep } from './hosted-session.dto';
import { HostedUploadLock } from './hosted-upload-lock';

/** Session tokens are 32 random bytes in base64url; anything else is not looked up at all. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

/**
 * The hosted capture page's steps: the session token is the only credential; consent opens the
 * session (in_progress), the document is checked against the image rules, its DNI barcode read
 * (and the photo refused when the organization requires a readable one), and kept by KycSessions
 * (encrypted, in the image storage; the reading sealed on the validation) until the selfie arrives,
 * and the selfie triggers the decision. Each step is
 * accepted once; a finished or expired session accepts nothing. The live selfie (the challenge) is
 * HostedLivenessService's; an uploaded selfie is accepted only where the organization allows it.
 */
@Injectable()
export class HostedSessionService {
  constructor(
    private readonly validations: KycValidationRepository,
    private readonly sessions: KycSessions,
    private readonly clock: Clock,
    private readonly settings: KycSettingsRepository,
    private readonly decider: SessionDecisionService,
    private readonly face: FaceEngine,
    /** One upload per session at a time on every replica (a concurrent second one is a CONFLICT). */
    private readonly uploads: HostedUploadLock,
    private readonly cards: SessionDocumentService,
  ) {}

  async state(token: string): Promise<HostedSessionStateDto> {
    const validation = await this.find(token);
    return this.toState(validation, await this.hasDocument(validation));
  }

  /**
   * Runs `work` on the session waiting for its selfie, with its pending document; one submission
   * per session at a time on every replica (a concurrent second one is a CONFLICT). `work` reads the request body
   * itself, so an unknown token or a wrong step costs no upload.
   */
  async withSelfieStep<T>(token: string, work: (validation: KycValidation, document: Buffer) => Promise<T>): Promise<T> {
    const validation = await this.open(token, 'in_progress', 'selfie');
    const release = await this.uploads.claim(validation.id);
    if (!release) throw alreadyDone('selfie');
    try {
      const document = await this.sessions.pendingDocument(validation);
      if (!document) throw new DomainError('CONFLICT', 'Send the document photo before the selfie', { step: 'document' });
      return await work(validation, document);
    } finally {
      await release();
    }
  }

  async consent(token: string): Promise<HostedSessionStateDto> {
    const validation = await this.open(token, 'pending', 'consent');
    const opened = await this.sessions.open(validation.id);
    if (!opened) throw alreadyDone('consent');
    return this.toState(opened, false);
  }

  /**
   * `readImage` reads the upload; it is called only once the token names an open session waiting for
   * this step, so an unknown token or a wrong step costs no upload (the body is discarded unread).
   */
  async document(token: string, readImage: () => Promise<Buffer>): Promise<HostedSessionStateDto> {
    const validation = await this.open(token, 'in_progress', 'document');
    const release = await this.uploads.claim(validation.id);
    if (!release) throw alreadyDone('document');
    try {
      if (await this.hasDocument(validation)) throw alreadyDone('document');
      const bytes = await readImage();
      await this.checkImage(bytes, 'document');
      // The DNI barcode before anything is kept: a photo refused for it is dropped and the person retakes it.
      const reading = await this.cards.readAtDocumentStep(validation, bytes, 'document');
      // Stored only while the session is still open, under the entity's lock: an expiry, cancel or
      // erasure meanwhile waits, then deletes it, instead of leaving it behind.
      const stored = await this.sessions.storePendingDocument(validation, bytes);
      if (!stored) throw new DomainError('CONFLICT', 'This session is not open any more');
      await this.cards.keep(validation, reading);
      return this.toState(validation, true);
    } finally {
      await release();
    }
  }

  /**
   * The upload fallback: NOT_ENABLED unless the organization allows it (refused before the upload
   * is read); always reviewed (SELFIE_NOT_LIVE_CAPTURED).
   */
  async selfie(token: string, readImage: () => Promise<Buffer>): Promise<HostedSessionStateDto> {
    return this.withSelfieStep(token, async (validation, document) => {
      if (!(await this.settings.findForOrganization(validation.organizationId)).allowSelfieUpload) {
        throw new DomainError(
          'NOT_ENABLED',
          'Uploading a selfie is not enabled for this organization: take the live selfie with the camera',
        );
      }
      const bytes = await readImage();
      // Checks the selfie against the image rules (naming the field), decides, stores, announces.
      const decided = await this.decider.decide(
        validation.id,
        document,
        { bytes, liveness: uploadedSelfie(false, false) },
        { document: 'document', selfie: 'selfie' },
      );
      return this.closeSelfieStep(decided.validation);
    });
  }

  /** After the decision: the pending document goes (the decision stored its own copy); the page's state. */
  async closeSelfieStep(decided: KycValidation): Promise<HostedSessionStateDto> {
    await this.sessions.discardPendingDocument(decided);
    return this.toState(decided, false);
  }

  /** The page's state of a session whose selfie step is still open. */
  async selfieStepState(validation: KycValidation): Promise<HostedSessionStateDto> {
    return this.toState(validation, true);
  }

  private async find(token: string): Promise<KycValidation> {
    const validation = TOKEN_PATTERN.test(token) ? await this.validations.findByTokenHash(hashSessionToken(token)) : null;
    if (!validation) throw DomainError.notFound('Session');
    return validation;
  }

  /** The session, when it is open, not expired and waiting for this step. */
  private async open(token: string, expected: 'pending' | 'in_progress', step: HostedStep): Promise<KycValidation> {
    const validation = await this.find(token);
    if (isFinal(validation.status) || validation.status === 'in_review') {
      throw new DomainError('CONFLICT', `This session is ${validation.status}`, { status: validation.status });
    }
    if (isPastExpiry(validation, this.clock.now())) throw new DomainError('CONFLICT', 'This session has expired', { status: 'expired' });
    if (validation.status !== expected) {
      throw expected === 'pending' ? alreadyDone(step) : new DomainError('CONFLICT', 'Give your consent first', { step: 'consent' });
    }
    return validation;
  }

  /**
   * The contract's image rules (format by bytes, size, sides, megapixels) from the header only: the
   * document is analysed once, by the decision, when the selfie arrives.
   */
  private async checkImage(bytes: Buffer, field: string): Promise<void> {
    await forImageField(field, this.face.checkImage(bytes));
  }

  private async hasDocument(validation: KycValidation): Promise<boolean> {
    if (validation.status !== 'in_progress') return false;
    return (await this.sessions.pendingDocument(validation)) !== null;
  }

  private async toState(validation: KycValidation, documentReceived: boolean): Promise<HostedSessionStateDto> {
    const status = shownStatus(validation, this.clock.now());
    const step: HostedStep =
      status === 'pending' ? 'consent' : status === 'in_progress' ? (documentReceived ? 'selfie' : 'document') : 'result';
    return {
      status,
      step,
      consentGiven: status !== 'pending',
      documentReceived,
      expiresAt: validation.expiresAt,
      callback: validation.callbackUrl,
      selfieUploadAllowed: step === 'selfie' && (await this.settings.findForOrganization(validation.organizationId)).allowSelfieUpload,
    };
  }
}

function alreadyDone(step: HostedStep): DomainError {
  return new DomainError('CONFLICT', `The ${step} step was already completed`, { step });
}
