import { expect } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { KycSettingsRepository, WebhookAttemptInput, WebhookDelivery, WebhookDeliveryRepository } from '@app/audit';
import type { WebhooksConfig } from '@app/core';
import { OutboundError, type OutboundHttp, type OutboundRequest } from '@app/outbound';
import type { SecretSealer } from '@app/storage';
import { buildWebhookBody } from './webhook-body';
import type { WebhookPayloads } from './webhook-payload';
import { WebhookDeliverer } from './webhook-deliverer';
import { verifyWebhookSignature, verifyWebhookSignatureV2 } from './webhook-signature';

const SECRET = 'whsec-0123456789abcdef';
const ORGANIZATION = '6d3f9f0e-0000-4000-8000-000000000001';

function pendingDelivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  const delivery: WebhookDelivery = {
    id: 'b1f0c6a2-0000-4000-8000-0000000000d1',
    organizationId: ORGANIZATION,
    event: 'kyc.face_match.updated',
    url: 'https://hooks.example.com/kyc',
    payload: { id: 'v1', status: 'approved' },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastAttemptAt: null,
    deliveredAt: null,
    createdAt: new Date('2025-03-01T12:00:00.123Z'),
  };
  return { ...delivery, ...overrides };
}

/** The outbox in memory: one delivery, every attempt recorded as the repository would receive it. */
class FakeDeliveries {
  readonly attempts: WebhookAttemptInput[] = [];
  constructor(public delivery: WebhookDelivery | null) {}

  findById(id: string): Promise<WebhookDelivery | null> {
    return Promise.resolve(this.delivery?.id === id ? this.delivery : null);
  }

  recordAttempt(_id: string, input: WebhookAttemptInput): Promise<number | null> {
    this.attempts.push(input);
    return Promise.resolve(this.attempts.length);
  }
}

/** The receiver: answers a status, or the outbound guard's failure; remembers what was sent. */
class FakeOutbound {
  readonly sent: OutboundRequest[] = [];
  constructor(private readonly answer: number | OutboundError) {}

  send(request: OutboundRequest): Promise<{ status: number; body: Buffer }> {
    this.sent.push(request);
    if (this.answer instanceof OutboundError) return Promise.reject(this.answer);
    return Promise.resolve({ status: this.answer, body: Buffer.alloc(0) });
  }
}

function deliverer(answer: number | OutboundError, options: { secret?: string | null; delivery?: WebhookDelivery | null } = {}) {
  const deliveries = new FakeDeliveries(options.delivery === undefined ? pendingDelivery() : options.delivery);
  const outbound = new FakeOutbound(answer);
  const stored = options.secret === undefined ? `sealed:${SECRET}` : options.secret && `sealed:${options.secret}`;
  const settings = { findForOrganization: () => Promise.resolve({ webhookSecret: stored }) };
  const secrets = { open: (value: string) => value.replace(/^sealed:/, '') };
  const service = new WebhookDeliverer(
    deliveries as unknown as WebhookDeliveryRepository,
    settings as unknown as KycSettingsRepository,
    outbound as unknown as OutboundHttp,
    secrets as unknown as SecretSealer,
    { timeoutMs: 5000 } as WebhooksConfig,
    // Face-match deliveries carry no card reading: the payload is sent as stored.
    { complete: (delivery: WebhookDelivery) => Promise.resolve(delivery.payload) } as unknown as WebhookPayloads,
  );
  return { service, deliveries, outbound };
}

const FIRST = { last: false, retryDelayMs: 60_000 };
const LAST = { last: true, retryDelayMs: 60_000 };

describe('WebhookDeliverer (one attempt of one outbox delivery)', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it('POSTs the stored body signed both ways with the current secret, and records it delivered', async () => {
    const { service, deliveries, outbound } = deliverer(204);
    expect(await service.attempt(pendingDelivery().id, FIRST)).toEqual({ kind: 'done' });

    const [request] = outbound.sent;
    const body = request.body as Buffer;
    expect(body.equals(buildWebhookBody(pendingDelivery()))).toBe(true);
    expect(request).toMatchObject({ url: 'https://hooks.example.com/kyc', method: 'POST', timeoutMs: 5000, maxResponseBytes: 0 });
    const headers = request.headers;
    expect(headers['X-Webhook-Id']).toBe(pendingDelivery().id);
    expect(verifyWebhookSignature(body, SECRET, headers['X-Webhook-Signature'])).toBe(true);
    expect(
      verifyWebhookSignatureV2(pendingDelivery().id, headers['X-Webhook-Timestamp'], body, SECRET, headers['X-Webhook-Signature-V2']),
    ).toBe(true);
    expect(deliveries.attempts).toEqual([expect.objectContaining({ httpStatus: 204, error: null, outcome: { kind: 'delivered' } })]);
  });

  it('schedules a retry after a refusal by the receiver, at the delay the queue will use', async () => {
    const { service, deliveries } = deliverer(503);
    const before = Date.now();
    expect(await service.attempt(pendingDelivery().id, FIRST)).toEqual({ kind: 'retry', reason: 'HTTP 503' });
    const [attempt] = deliveries.attempts;
    expect(attempt).toMatchObject({ httpStatus: 503, error: 'HTTP 503', outcome: { kind: 'retry' } });
    const next = (attempt.outcome as { nextAttemptAt: Date }).nextAttemptAt.getTime();
    expect(next).toBeGreaterThanOrEqual(before + 60_000);
  });

  it('treats a redirect as a failed attempt (a signed event goes only where it was configured)', async () => {
    const { service } = deliverer(302);
    expect(await service.attempt(pendingDelivery().id, FIRST)).toEqual({ kind: 'retry', reason: 'HTTP 302' });
  });

  it('marks the delivery failed on the queue’s last attempt', async () => {
    const { service, deliveries } = deliverer(new OutboundError('timeout', 'no answer within 5000 ms'));
    expect(await service.attempt(pendingDelivery().id, LAST)).toEqual({ kind: 'failed', reason: 'no answer within 5000 ms' });
    expect(deliveries.attempts).toEqual([expect.objectContaining({ httpStatus: null, outcome: { kind: 'failed' } })]);
  });

  it('gives up at once on a destination the egress policy refuses: retrying cannot help', async () => {
    const { service, deliveries } = deliverer(new OutboundError('refused', 'destination 10.0.0.5 is a private address'));
    expect(await service.attempt(pendingDelivery().id, FIRST)).toMatchObject({ kind: 'failed' });
    expect(deliveries.attempts).toEqual([expect.objectContaining({ outcome: { kind: 'failed' } })]);
  });

  it('sends nothing unsigned: no secret any more fails the delivery without a request', async () => {
    const { service, deliveries, outbound } = deliverer(200, { secret: null });
    expect(await service.attempt(pendingDelivery().id, FIRST)).toEqual({
      kind: 'failed',
      reason: 'no webhook secret is configured any more',
    });
    expect(outbound.sent).toEqual([]);
    expect(deliveries.attempts).toEqual([expect.objectContaining({ httpStatus: null, outcome: { kind: 'failed' } })]);
  });

  it.each([
    ['already delivered', pendingDelivery({ status: 'delivered' })],
    ['already failed', pendingDelivery({ status: 'failed' })],
    ['gone', null],
  ])('does nothing for a delivery that is %s (a duplicate run of the job)', async (_name, delivery) => {
    const { service, deliveries, outbound } = deliverer(200, { delivery });
    expect(await service.attempt(pendingDelivery().id, FIRST)).toEqual({ kind: 'done' });
    expect(outbound.sent).toEqual([]);
    expect(deliveries.attempts).toEqual([]);
  });
});
