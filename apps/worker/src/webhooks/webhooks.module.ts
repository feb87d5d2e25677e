import { Module } from '@nestjs/common';
import { OutboundModule } from '@app/outbound';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookPayloads } from './webhook-payload';
import { WebhookProcessor } from './webhook.processor';
import { WebhookRecovery } from './webhook-recovery';

/** Sends the webhook outbox: the processor and its recovery (the dispatcher is in @app/queue). */
@Module({
  imports: [OutboundModule],
  providers: [WebhookDeliverer, WebhookPayloads, WebhookProcessor, WebhookRecovery],
  exports: [WebhookRecovery],
})
export class WebhooksModule {}
