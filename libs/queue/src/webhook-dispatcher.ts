import { Inject, Injectable, Logger } from '@nestjs/common';
import { JOBS, webhooksConfig, WebhooksConfig } from '@app/core';
import { JobQueue } from './job-queue';

/**
 * Enqueues the delivery job of an outbox row (job id = delivery id, so enqueueing twice is a
 * no-op) with the configured attempts and backoff. Called after the row's transaction committed.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly jobs: JobQueue,
    @Inject(webhooksConfig.KEY) private readonly config: WebhooksConfig,
  ) {}

  private enqueue(deliveryId: string): Promise<void> {
    return this.jobs.enqueue(JOBS.webhookDeliver, { deliveryId }, deliveryId, {
      attempts: this.config.attempts,
      backoffMs: this.config.backoffMs,
    });
  }

  /** For the recovery sweep: (re-)adds the job of a delivery still pending, replacing a finished one. */
  requeue(deliveryId: string): Promise<boolean> {
    return this.jobs.requeue(JOBS.webhookDeliver, { deliveryId }, deliveryId, {
      attempts: this.config.attempts,
      backoffMs: this.config.backoffMs,
    });
  }

  /**
   * After the commit of a change written with its outbox row: hands the row to the delivery queue.
   * The one way every feature announces a change (a row-less change, with nowhere to send it, is a no-op).
   */
  async announce(change: { webhookDeliveryId: string | null }): Promise<void> {
    if (change.webhookDeliveryId) await this.enqueueOrDefer(change.webhookDeliveryId);
  }

  /**
   * Never throws: the change the event announces is already committed, so failing its job over a
   * lost enqueue would help nobody. The row stays pending and the worker's recovery sweep sends it.
   */
  private async enqueueOrDefer(deliveryId: string): Promise<void> {
    try {
      await this.enqueue(deliveryId);
    } catch (error) {
      this.logger.error(
        `webhook delivery ${deliveryId}: could not be enqueued (${(error as Error).message}); left pending for the recovery sweep`,
      );
    }
  }
}
