import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'a-webhook-secret-of-32-characters';
const body = Buffer.from(JSON.stringify({ event: 'kyc.face_match.updated', timestamp: '2025-01-01T00:00:00.000Z', organizationId: 'o', payload: { status: 'approved' } }));

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
