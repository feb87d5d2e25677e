import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WebhookDeliveryRepository } from '@app/audit';
import { WebhookDispatcher } from '@app/queue';

/** Deliveries re-enqueued per start; more than this many lost jobs would be a different incident. */
const SWEEP_LIMIT = 1000;

/**
 * On start, enqueues every pending delivery that is due: their job may have been lost (Redis down
 * when the change committed, a crash between the commit and the enqueue). Jobs of deliveries that
 * are still queued are untouched: the job id is the delivery id, so adding it again is a no-op.
 */
@Injectable()
export class WebhookRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the worker's connection waits for Redis forever, which must not hold up start-up.
    void this.sweep().catch((error: Error) => this.logger.error(`webhook start-up sweep failed: ${error.message}`));
  }

  async sweep(): Promise<number> {
    const ids = await this.deliveries.findDueIds(SWEEP_LIMIT);
    for (const id of ids) await this.dispatcher.enqueue(id);
    if (ids.length > 0) this.logger.log(`webhook start-up sweep: ${ids.length} pending deliveries enqueued`);
    return ids.length;
  }
}
