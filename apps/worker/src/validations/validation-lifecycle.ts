import { Inject, Injectable, Logger } from '@nestjs/common';
import { KycValidationChange, KycValidationRepository } from '@app/audit';
import { kycValidationsConfig, KycValidationsConfig } from '@app/core';
import { WebhookDispatcher } from '@app/queue';
import { IMAGE_STORAGE, ImageStorage, kycValidationImagePath } from '@app/storage';

/** Sessions examined per batch, and batches per sweep (the next sweep takes the rest). */
export const SWEEP_BATCH_SIZE = 100;
const SWEEP_MAX_BATCHES = 20;

export interface SweepResult {
  expired: number;
  abandoned: number;
}

/**
 * Closes stale validation sessions: open ones past their expiry become `expired`, and ones in
 * progress idle for KYC_SESSION_IDLE_MINUTES become `abandoned`. Each change is a conditional
 * update re-checking the status and the condition, with its webhook event in the same
 * transaction: two workers sweeping at once change (and announce) every session once. A closed
 * session's pending document (a photo waiting for its selfie) is deleted.
 */
@Injectable()
export class ValidationLifecycle {
  private readonly logger = new Logger('KycValidations');

  constructor(
    private readonly validations: KycValidationRepository,
    private readonly webhooks: WebhookDispatcher,
    @Inject(kycValidationsConfig.KEY) private readonly config: KycValidationsConfig,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
  ) {}

  async sweep(): Promise<SweepResult> {
    // Expiry first: a session both expired and idle is reported as expired.
    const expired = await this.inBatches(
      () => this.validations.findExpiredIds(SWEEP_BATCH_SIZE),
      (id) => this.validations.transition({ id, from: ['pending', 'in_progress'], to: 'expired', only: { expired: true } }),
    );
    const idleMinutes = this.config.sessionIdleMinutes;
    const abandoned = await this.inBatches(
      () => this.validations.findIdleIds(idleMinutes, SWEEP_BATCH_SIZE),
      (id) => this.validations.transition({ id, from: ['in_progress'], to: 'abandoned', only: { idleMinutes } }),
    );
    if (expired + abandoned > 0) this.logger.log(`validation sweep: ${expired} expired, ${abandoned} abandoned`);
    return { expired, abandoned };
  }

  private async inBatches(find: () => Promise<string[]>, close: (id: string) => Promise<KycValidationChange | null>): Promise<number> {
    let closed = 0;
    for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch++) {
      const ids = await find();
      for (const id of ids) {
        const change = await close(id);
        if (!change) continue; // another worker (or a client) moved it first
        closed++;
        // A document photo waiting for its selfie belongs to the session: it goes when the session
        // closes. (The hosted page stores it only while the session is open, under a lock this waited for.)
        const { organizationId } = change.validation;
        await this.storage.delete(kycValidationImagePath(organizationId, id, 'pending-document'));
        if (change.webhookDeliveryId) await this.webhooks.enqueueOrDefer(change.webhookDeliveryId);
      }
      if (ids.length < SWEEP_BATCH_SIZE) break;
    }
    return closed;
  }
}
