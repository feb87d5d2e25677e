import { Module } from '@nestjs/common';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookProcessor } from './webhook.processor';
import { WebhookRecovery } from './webhook-recovery';

/** Sends the webhook outbox: the processor, its start-up sweep, and the dispatcher other features use after a commit. */
@Module({
  providers: [WebhookDispatcher, WebhookDeliverer, WebhookProcessor, WebhookRecovery],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
