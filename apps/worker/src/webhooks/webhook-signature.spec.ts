import { createHmac } from 'node:crypto';
import { signWebhookBody, signWebhookV2, verifyWebhookSignature, verifyWebhookSignatureV2 } from './webhook-signature';

const SECRET = 'a-webhook-secret-of-32-characters';
const body = Buffer.from(
  JSON.stringify({
    event: 'kyc.face_match.updated',
    timestamp: '2025-01-01T00:00:00.000Z',
    organizationId: 'o',
    payload: { status: 'approved' },
  }),
);

describe('webhook signature', () => {
  it('is the lowercase hex HMAC-SHA256 of the raw body with the secret', () => {
    const expected = createHmac('sha256', SECRET).update(body).digest('hex');
    expect(signWebhookBody(body, SECRET)).toBe(expected);
    expect(signWebhookBody(body, SECRET)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies a signature made with the same secret over the same bytes', () => {
    expect(verifyWebhookSignature(body, SECRET, signWebhookBody(body, SECRET))).toBe(true);
  });

  it('detects a tampered body', () => {
    const signature = signWebhookBody(body, SECRET);
    const tampered = Buffer.from(body.toString('utf8').replace('approved', 'declined'));
    expect(verifyWebhookSignature(tampered, SECRET, signature)).toBe(false);
  });

  it('detects a signature made with another secret', () => {
    expect(verifyWebhookSignature(body, SECRET, signWebhookBody(body, 'another-secret-of-enough-length'))).toBe(false);
  });

  it('rejects malformed signatures without throwing', () => {
    expect(verifyWebhookSignature(body, SECRET, '')).toBe(false);
    expect(verifyWebhookSignature(body, SECRET, 'zz')).toBe(false);
    expect(verifyWebhookSignature(body, SECRET, signWebhookBody(body, SECRET).slice(0, 62))).toBe(false);
  });
});

describe('webhook signature V2 (id, timestamp and body)', () => {
  const id = '6a0c9d8e-0000-4000-8000-000000000042';
  const timestamp = '1764288000';

  it('is the lowercase hex HMAC-SHA256 of "<id>.<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', SECRET)
      .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]))
      .digest('hex');
    expect(signWebhookV2(id, timestamp, body, SECRET)).toBe(expected);
    expect(signWebhookV2(id, timestamp, body, SECRET)).not.toBe(signWebhookBody(body, SECRET));
  });

  it('verifies only with the same id, timestamp, body and secret', () => {
    const signature = signWebhookV2(id, timestamp, body, SECRET);
    expect(verifyWebhookSignatureV2(id, timestamp, body, SECRET, signature)).toBe(true);
    expect(verifyWebhookSignatureV2(id, '1764288301', body, SECRET, signature)).toBe(false);
    expect(verifyWebhookSignatureV2('another-delivery', timestamp, body, SECRET, signature)).toBe(false);
    expect(verifyWebhookSignatureV2(id, timestamp, Buffer.from(`${body.toString()} `), SECRET, signature)).toBe(false);
    expect(verifyWebhookSignatureV2(id, timestamp, body, 'another-secret-of-enough-length', signature)).toBe(false);
    expect(verifyWebhookSignatureV2(id, timestamp, body, SECRET, 'zz')).toBe(false);
  });
});
