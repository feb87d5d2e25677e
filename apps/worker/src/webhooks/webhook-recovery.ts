import { Injectable, Logger } from '@nestjs/common';
import { WebhookDeliveryRepository } from '@app/audit';
import { WebhookDispatcher } from '@app/queue';

/** Deliveries looked at per sweep; the next sweep takes the rest. */
const SWEEP_LIMIT = 1000;

/**
 * Makes sure every pending delivery that is due has a job: it may have been lost (Redis down when
 * the change committed, a crash between the commit and the enqueue, Redis restarted without
 * persistence), or have failed for a reason the row does not record (a database error). Run by
 * the worker's recovery sweep. Jobs still queued, delayed or running are untouched.
 */
@Injectable()
export class WebhookRecovery {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** Returns how many due deliveries it looked at (each now has a job). */
  async sweep(): Promise<number> {
    const ids = await this.deliveries.findDueIds(SWEEP_LIMIT);
    let requeued = 0;
    for (const id of ids) {
      if (await this.dispatcher.requeue(id)) requeued++;
    }
    if (requeued > 0) this.logger.log(`webhook recovery: ${requeued} pending deliveries had no job and were enqueued`);
    return ids.length;
  }
}
