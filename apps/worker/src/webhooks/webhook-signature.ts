import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Webhook-Signature`: hex HMAC-SHA256 of the exact raw body bytes, keyed with the webhook secret. */
export function signWebhookBody(body: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * `X-Webhook-Signature-V2`: hex HMAC-SHA256 of `<X-Webhook-Id>.<X-Webhook-Timestamp>.<raw body>`.
 * The body-only signature can be replayed forever; binding the delivery id and the attempt's time
 * lets a receiver refuse stale timestamps and ids it has already seen.
 */
export function signWebhookV2(id: string, timestamp: string, body: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(body).digest('hex');
}

/** What a receiver does with the header (constant-time, so the comparison leaks nothing). */
export function verifyWebhookSignature(body: Buffer, secret: string, signature: string): boolean {
  return sameHex(signWebhookBody(body, secret), signature);
}

/** A receiver's check of `X-Webhook-Signature-V2`; freshness and replay checks are the receiver's own (docs/api.md, Webhooks). */
export function verifyWebhookSignatureV2(id: string, timestamp: string, body: Buffer, secret: string, signature: string): boolean {
  return sameHex(signWebhookV2(id, timestamp, body, secret), signature);
}

function sameHex(expectedHex: string, signature: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
