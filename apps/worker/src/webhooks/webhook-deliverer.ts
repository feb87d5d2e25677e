import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { KycSettingsRepository, WebhookAttemptOutcome, WebhookDelivery, WebhookDeliveryRepository } from '@app/audit';
import { webhooksConfig, WebhooksConfig } from '@app/core';
import { OutboundHttp } from '@app/outbound';
import { SecretSealer } from '@app/storage';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { buildWebhookBody } from './webhook-body';
import { WebhookPayloads } from './webhook-payload';
import { isAccepted, sendWebhook, SendResult } from './webhook-sender';
import { signWebhookBody, signWebhookV2 } from './webhook-signature';

/** How the queue should treat this run: finished (delivered, or nothing to do), retry later, or give up. */
export type DeliveryResult = { kind: 'done' } | { kind: 'retry'; reason: string } | { kind: 'failed'; reason: string };

export interface AttemptPlan {
  /** This is the queue's last attempt: a failure marks the delivery failed. */
  last: boolean;
  /** When the queue will run the next attempt after a failure (recorded as next_attempt_at). */
  retryDelayMs: number;
}

/**
 * One attempt of one outbox delivery: rebuilds the stored body (a validation's card data opened
 * from its sealed column, see WebhookPayloads), signs it with the organization's
 * current secret (a rotated secret applies to the retries), POSTs it, and records the attempt.
 * Logs ids and statuses only: bodies hold personal data and secrets never leave the settings.
 */
@Injectable()
export class WebhookDeliverer {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly settings: KycSettingsRepository,
    private readonly http: OutboundHttp,
    private readonly secrets: SecretSealer,
    @Inject(webhooksConfig.KEY) private readonly config: WebhooksConfig,
    private readonly payloads: WebhookPayloads,
    @Optional() private readonly metrics?: WorkerMetrics,
  ) {}

  async attempt(deliveryId: string, plan: AttemptPlan): Promise<DeliveryResult> {
    const delivery = await this.deliveries.findById(deliveryId);
    if (!delivery || delivery.status !== 'pending') return { kind: 'done' };

    const secret = await this.currentSecret(delivery.organizationId);
    const attemptedAt = new Date();
    if (!secret) {
      // Removed since the event: an unsigned event would be refused (or worse, trusted), so stop.
      const reason = 'no webhook secret is configured any more';
      await this.record(delivery, attemptedAt, { httpStatus: null, error: reason, durationMs: 0 }, { kind: 'failed' });
      return { kind: 'failed', reason };
    }

    const body = buildWebhookBody({ ...delivery, payload: await this.payloads.complete(delivery) });
    const timestamp = String(Math.floor(attemptedAt.getTime() / 1000));
    const sent = await sendWebhook(this.http, {
      url: delivery.url,
      body,
      timeoutMs: this.config.timeoutMs,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'kyc-biometrics-webhooks/1',
        'X-Webhook-Id': delivery.id,
        'X-Webhook-Timestamp': timestamp,
        'X-Webhook-Signature': signWebhookBody(body, secret),
        'X-Webhook-Signature-V2': signWebhookV2(delivery.id, timestamp, body, secret),
      },
    });

    if (isAccepted(sent)) {
      await this.record(delivery, attemptedAt, sent, { kind: 'delivered' });
      return { kind: 'done' };
    }
    const reason = sent.error ?? 'not accepted';
    // A destination the egress policy refuses stays refused: no retries towards it.
    if (plan.last || sent.refused) {
      await this.record(delivery, attemptedAt, sent, { kind: 'failed' });
      return { kind: 'failed', reason };
    }
    await this.record(delivery, attemptedAt, sent, { kind: 'retry', nextAttemptAt: new Date(Date.now() + plan.retryDelayMs) });
    return { kind: 'retry', reason };
  }

  private async record(delivery: WebhookDelivery, attemptedAt: Date, sent: SendResult, outcome: WebhookAttemptOutcome): Promise<void> {
    const { httpStatus, error, durationMs } = sent;
    const attempt = await this.deliveries.recordAttempt(delivery.id, { attemptedAt, httpStatus, error, durationMs, outcome });
    if (attempt === null) return;
    this.metrics?.webhookAttempt(outcome.kind);
    const answer = sent.httpStatus ?? sent.error;
    const line = `webhook delivery ${delivery.id} (${delivery.event}): attempt ${attempt} → ${answer} in ${sent.durationMs} ms; ${outcome.kind}`;
    if (outcome.kind === 'delivered') this.logger.log(line);
    else this.logger.warn(line);
  }

  private async currentSecret(organizationId: string): Promise<string | null> {
    let stored: string | null;
    try {
      stored = (await this.settings.findForOrganization(organizationId)).webhookSecret;
    } catch {
      return null;
    }
    // A secret sealed under a key no longer configured throws here: loud, never an unsigned event.
    return stored === null ? null : this.secrets.open(stored);
  }
}
