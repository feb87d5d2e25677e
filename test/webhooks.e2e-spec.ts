import { expect } from '@jest/globals';
import { INestApplicationContext } from '@nestjs/common';
import { WEBHOOK_EVENTS } from '@app/core';
import { WebhookDeliveryRepository } from '@app/audit';
import { WebhookRecovery } from '../apps/worker/src/webhooks/webhook-recovery';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import {
  database,
  doubleCheckForm,
  enableRenaper,
  eventually,
  getVerification,
  postFaceMatch,
  Sandbox,
  startInProcessWorker,
  startSandbox,
} from './support/renaper';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'the-webhook-secret-of-this-suite';
const MAX_ATTEMPTS = 4;

interface DeliveryRow {
  id: string;
  organization_id: string;
  event: string;
  status: string;
  attempts: number;
  payload: Record<string, unknown>;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
}

interface AttemptRow {
  attempt: number;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

/**
 * Signed webhooks end to end: the RENAPER double-check finishing in the real worker writes the
 * outbox row in its transaction, and the worker's webhook processor POSTs it to a local receiver
 * (real PostgreSQL, real Redis, real sandbox), retrying with a short backoff.
 */
describe('webhooks (outbox + worker delivery)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let org: TestOrganization;

  beforeAll(async () => {
    sandbox = await startSandbox({ faceAnswerDelayMs: 100 });
    receiver = await startWebhookReceiver(SECRET);
    api = await startTestApi('webhooks', {
      RENAPER_WAIT_SECONDS: '30',
      RENAPER_DEADLINE_SECONDS: '20',
      RENAPER_POLL_INTERVAL_MS: '100',
      WEBHOOK_BACKOFF_MS: '150',
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WEBHOOK_TIMEOUT_MS: '3000',
    });
    worker = await startInProcessWorker();
    org = await api.createOrganization('Webhook Co');
    await enableRenaper(api, org, sandbox);
    await configureWebhook(api, org, receiver.url, SECRET);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await sandbox?.close();
  });

  beforeEach(() => receiver.answerAlways(null));

  async function deliveriesOf(verificationId: string): Promise<DeliveryRow[]> {
    return database(api).query<DeliveryRow[]>(`SELECT * FROM webhook_deliveries WHERE payload->>'id' = $1`, [verificationId]);
  }

  async function attemptsOf(deliveryId: string): Promise<AttemptRow[]> {
    return database(api).query<AttemptRow[]>(
      'SELECT attempt, http_status, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt',
      [deliveryId],
    );
  }

  async function settledDelivery(verificationId: string, status: 'delivered' | 'failed'): Promise<DeliveryRow> {
    const [row] = await eventually(
      () => deliveriesOf(verificationId),
      (rows) => rows.length === 1 && rows[0].status === status,
      20_000,
    );
    return row;
  }

  async function finishedDoubleCheck(owner: TestOrganization = org): Promise<string> {
    const result = await postFaceMatch(api, owner, await doubleCheckForm(sandbox, await sandbox.person('valid')));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'approved', doubleCheckRenaper: true });
    return result.body.verificationId;
  }

  it('sends exactly one signed kyc.face_match.updated with the final verification when a double-check finishes', async () => {
    const verificationId = await finishedDoubleCheck();
    const delivery = await settledDelivery(verificationId, 'delivered');
    // Nothing else can arrive later: the one delivery is final (a delivered row is never retried) after
    // exactly one recorded attempt, and the receiver saw exactly the requests that were recorded.
    expect(delivery.attempts).toBe(1);
    expect(await attemptsOf(delivery.id)).toEqual([expect.objectContaining({ attempt: 1, http_status: 200, error: null })]);
    const requests = receiver.forVerification(verificationId);

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.signatureValid).toBe(true);
    expect(request.signatureV2Valid).toBe(true);
    expect(request.headers['x-webhook-signature-v2']).toMatch(/^[0-9a-f]{64}$/);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-webhook-id']).toBe(delivery.id);
    expect(Number(request.headers['x-webhook-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(Number(request.headers['x-webhook-timestamp'])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(Object.keys(request.body ?? {})).toEqual(['event', 'timestamp', 'organizationId', 'payload']);
    expect(request.body).toMatchObject({ event: WEBHOOK_EVENTS.faceMatchUpdated, organizationId: org.organizationId });
    expect(new Date(request.body?.timestamp ?? '').toISOString()).toBe(request.body?.timestamp);

    const { documentStoragePath, selfieStoragePath, ...contract } = await getVerification(api, org, verificationId);
    expect(documentStoragePath).toEqual(expect.any(String));
    expect(selfieStoragePath).toEqual(expect.any(String));
    expect(request.body?.payload).toEqual(contract);
    expect(request.body?.payload).toMatchObject({
      status: 'approved',
      match: true,
      responseDoubleChecks: { renaperBiometric: { status: 'match' } },
    });
    const valid = await sandbox.person('valid');
    expect(request.raw.toString('utf8')).not.toContain(valid.dni);
    expect(request.raw.toString('utf8')).not.toMatch(/StoragePath/);

    expect(delivery).toMatchObject({
      organization_id: org.organizationId,
      event: 'kyc.face_match.updated',
      attempts: 1,
      next_attempt_at: null,
      delivered_at: expect.any(Date),
    });
    expect(await attemptsOf(delivery.id)).toEqual([{ attempt: 1, http_status: 200, error: null, duration_ms: expect.any(Number) }]);
  });

  it('retries a receiver answering 500 twice with the same X-Webhook-Id and body, then marks it delivered', async () => {
    receiver.answerNext(500, 500);
    const verificationId = await finishedDoubleCheck();
    const delivery = await settledDelivery(verificationId, 'delivered');
    const requests = receiver.forVerification(verificationId);

    expect(requests.map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(new Set(requests.map((r) => r.headers['x-webhook-id']))).toEqual(new Set([delivery.id]));
    expect(requests.every((r) => r.raw.equals(requests[0].raw))).toBe(true);
    expect(requests.every((r) => r.signatureValid)).toBe(true);
    // Each retry is signed for its own timestamp; the receiver records the id only once it accepted it.
    expect(requests.every((r) => r.signatureV2Valid)).toBe(true);
    expect(delivery).toMatchObject({ attempts: 3, next_attempt_at: null });
    expect(await attemptsOf(delivery.id)).toEqual([
      { attempt: 1, http_status: 500, error: 'HTTP 500', duration_ms: expect.any(Number) },
      { attempt: 2, http_status: 500, error: 'HTTP 500', duration_ms: expect.any(Number) },
      { attempt: 3, http_status: 200, error: null, duration_ms: expect.any(Number) },
    ]);
  });

  it(`marks the delivery failed after ${MAX_ATTEMPTS} refused attempts`, async () => {
    receiver.answerAlways(503);
    const verificationId = await finishedDoubleCheck();
    const delivery = await settledDelivery(verificationId, 'failed');

    expect(receiver.forVerification(verificationId)).toHaveLength(MAX_ATTEMPTS);
    expect(delivery).toMatchObject({ attempts: MAX_ATTEMPTS, next_attempt_at: null, delivered_at: null });
    expect((await attemptsOf(delivery.id)).map((a) => a.http_status)).toEqual(Array(MAX_ATTEMPTS).fill(503));
  });

  it('records no delivery when the organization has no webhook configured', async () => {
    const quiet = await api.createOrganization('No Webhook Co');
    await enableRenaper(api, quiet, sandbox);
    const verificationId = await finishedDoubleCheck(quiet);

    expect(await getVerification(api, quiet, verificationId)).toMatchObject({ status: 'approved' });
    expect(
      await database(api).query<{ id: string }[]>('SELECT id FROM webhook_deliveries WHERE organization_id = $1', [quiet.organizationId]),
    ).toEqual([]);
    expect(receiver.forVerification(verificationId)).toEqual([]);
  });

  it('sends a pending delivery whose job was lost when the worker sweeps on start', async () => {
    // An outbox row committed while its enqueue never happened (e.g. Redis was down at that moment).
    const deliveries = worker.get(WebhookDeliveryRepository);
    const deliveryId = await database(api).transaction((manager) =>
      deliveries.recordEvent(manager, {
        organizationId: org.organizationId,
        event: WEBHOOK_EVENTS.faceMatchUpdated,
        payload: { id: 'lost-enqueue-probe', status: 'approved' },
      }),
    );
    expect(deliveryId).toEqual(expect.any(String));

    expect(await worker.get(WebhookRecovery).sweep()).toBeGreaterThanOrEqual(1);
    await eventually(
      () => deliveries.findById(deliveryId as string),
      (row) => row?.status === 'delivered',
      10_000,
    );
    const [request] = receiver.forVerification('lost-enqueue-probe');
    expect(request).toMatchObject({
      signatureValid: true,
      signatureV2Valid: true,
      headers: expect.objectContaining({ 'x-webhook-id': deliveryId }),
    });
  });
});

async function configureWebhook(api: TestApi, org: TestOrganization, url: string, secret: string): Promise<void> {
  const response = await api.app.inject({
    method: 'PATCH',
    url: '/api/organizations/current/kyc-settings',
    headers: org.headers,
    payload: { kycValidation: { webhookUrl: url, webhookSecret: secret } },
  });
  if (response.statusCode !== 200) throw new Error(`kyc-settings PATCH answered ${response.statusCode}: ${response.body}`);
}
