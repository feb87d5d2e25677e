import type { JsonObject } from '@app/audit';

/** What the body is built from: the outbox row, which never changes after it is written. */
export interface WebhookBodySource {
  event: string;
  /** The event time (the outbox row's creation, in the transaction of the change). */
  createdAt: Date;
  organizationId: string;
  payload: JsonObject;
}

/**
 * The contract's body `{ event, timestamp, organizationId, payload }` as the exact bytes to send
 * and sign. It depends on the stored row only (the timestamp is the event's, not the attempt's), so
 * every retry sends the same bytes under the same `X-Webhook-Id`.
 */
export function buildWebhookBody(source: WebhookBodySource): Buffer {
  const body = {
    event: source.event,
    timestamp: source.createdAt.toISOString(),
    organizationId: source.organizationId,
    payload: source.payload,
  };
  return Buffer.from(JSON.stringify(body), 'utf8');
}
