import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Webhook-Signature`: hex HMAC-SHA256 of the exact raw body bytes, keyed with the webhook secret. */
export function signWebhookBody(body: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** What a receiver does with the header (constant-time, so the comparison leaks nothing). */
export function verifyWebhookSignature(body: Buffer, secret: string, signature: string): boolean {
  const expected = Buffer.from(signWebhookBody(body, secret), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
