import { Inject, Injectable } from '@nestjs/common';
import { KycValidation, KycValidationStatus } from '@app/audit';
import { WebhookDispatcher } from '@app/queue';
import { IMAGE_STORAGE, ImageStorage, StorageProvider } from '@app/storage';
import { Clock } from './clock';
import { CreateKycValidationInput, KycSessionRepository, KycValidationChange } from './kyc-session.repository';
import { SessionDecisionInput, SessionDecisionRepository } from './session-decision.repository';
import { DECIDED_IMAGE_KINDS, DecidedImageKind, isDecidedImage, pendingDocumentPath, sessionImages } from './session-images';
import { expiryOf, idleCutoff } from './session-rules';
import { closesWithoutDecision } from './session-transitions';

/** A status change asked of a session (by a client, the sweep or an erasure). */
export interface SessionMove {
  id: string;
  /** Set when a client asks: the validation must be one of this organization's. */
  organizationId?: string;
  from: readonly KycValidationStatus[];
  to: KycValidationStatus;
  /** The sweep's conditions at the clock's now, re-checked in the update. */
  only?: 'expired' | { idleMinutes: number };
  resolvedByUserId?: string;
  resolutionReason?: string;
}

/** The two images a decision keeps, by kind. */
export type DecidedImages = Record<DecidedImageKind, Buffer>;

/**
 * The KYC session's lifecycle, one owner for the API, the hosted page and the worker: creation with
 * its expiry, opening, status changes through the transition table, the decision write, and what
 * belongs to the session in the image storage. Every change is committed with its outbox row and
 * announced after the commit, here and nowhere else.
 */
@Injectable()
export class KycSessions {
  constructor(
    private readonly sessions: KycSessionRepository,
    private readonly decisions: SessionDecisionRepository,
    private readonly webhooks: WebhookDispatcher,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
    private readonly clock: Clock,
  ) {}

  /** Null when the entity is not one of the organization's. */
  async create(input: Omit<CreateKycValidationInput, 'expiresAt' | 'now'> & { ttlHours: number }): Promise<KycValidation | null> {
    const { ttlHours, ...row } = input;
    const now = this.clock.now();
    return this.announced(await this.sessions.create({ ...row, expiresAt: expiryOf(now, ttlHours), now }));
  }

  /** pending → in_progress (the person's consent). Null when it was not pending any more. */
  async open(validationId: string): Promise<KycValidation | null> {
    return this.announced(
      await this.sessions.transition({ id: validationId, from: ['pending'], to: 'in_progress', now: this.clock.now() }),
    );
  }

  /**
   * Any other move through the transition table (cancel, resolve, expire, abandon). Null when the
   * session was not in one of `from` (or no longer met the sweep's condition). A session closed
   * without a decision loses the document photo it was holding for its selfie.
   */
  async move(move: SessionMove): Promise<KycValidation | null> {
    const now = this.clock.now();
    const only =
      move.only === undefined
        ? undefined
        : move.only === 'expired'
          ? { expiredAt: now }
          : { idleSince: idleCutoff(now, move.only.idleMinutes) };
    const moved = await this.announced(await this.sessions.transition({ ...move, only, now }));
    // The hosted page stores it only while the session is open, under a lock this change waited for.
    if (moved && closesWithoutDecision(moved.status)) await this.discardPendingDocument(moved);
    return moved;
  }

  /**
   * Writes the decision of a session in progress (status, decision, template, event) and stores its
   * images under the same locks; null (nothing stored) when the session is not in progress any more.
   */
  async decide(validation: KycValidation, input: Omit<SessionDecisionInput, 'id' | 'organizationId'>, images: DecidedImages) {
    const record = { organizationId: validation.organizationId, kycValidationId: validation.id };
    const store = async () => {
      const paths = sessionImages({ ...record, kinds: [...DECIDED_IMAGE_KINDS], storageProvider: null }, this.storage.provider);
      await Promise.all(paths.filter(isDecidedImage).map((image) => this.storage.put(image.path, images[image.kind])));
    };
    const change = await this.decisions.recordDecision({ ...input, id: validation.id, organizationId: validation.organizationId }, store);
    return this.announced(change);
  }

  /** What a decision records of its images (`decision.storage`): erasure and re-encryption read it back. */
  storageRecord(): { provider: StorageProvider; images: string[] } {
    return { provider: this.storage.provider, images: [...DECIDED_IMAGE_KINDS] };
  }

  /** Keeps the document photo until the selfie arrives, only while the session is open. False when it is not. */
  storePendingDocument(validation: KycValidation, bytes: Buffer): Promise<boolean> {
    return this.decisions.whileOpen(validation.organizationId, validation.id, this.clock.now(), () =>
      this.storage.put(this.pendingPath(validation), bytes),
    );
  }

  pendingDocument(validation: KycValidation): Promise<Buffer | null> {
    return this.storage.get(this.pendingPath(validation));
  }

  discardPendingDocument(validation: KycValidation): Promise<void> {
    return this.storage.delete(this.pendingPath(validation));
  }

  private pendingPath(validation: KycValidation): string {
    return pendingDocumentPath({ organizationId: validation.organizationId, kycValidationId: validation.id });
  }

  /** After the commit: hand the outbox row to the worker (never throws; the sweep covers a lost enqueue). */
  private async announced(change: KycValidationChange | null): Promise<KycValidation | null> {
    if (!change) return null;
    await this.webhooks.announce(change);
    return change.validation;
  }
}
