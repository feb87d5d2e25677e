import { createHash } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { KycSessions, SessionSweep } from '@app/session';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { ValidationListResponseDto, ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { BodyOrError, json } from './support/http';
import { database, eventually, startInProcessWorker } from './support/renaper';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'the-webhook-secret-of-the-kyc-validation-suite';
const TTL_MS = 2 * 3600_000;
const MINUTE = 60_000;

/**
 * Session-based KYC validations through the real API (validation pipe, guard, error filter), with
 * the real worker in this process sweeping stale sessions every second and delivering the signed
 * webhooks of every status change to local receivers (real PostgreSQL and Redis). The API and the
 * worker share one sessions' clock, which the tests move forward to expire and idle sessions.
 */
describe('KYC validations (sessions, lifecycle, webhooks)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  let ownReceiver: WebhookReceiver;
  let org: TestOrganization;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(SECRET);
    ownReceiver = await startWebhookReceiver(SECRET);
    api = await startTestApi('kyc-validations', {
      KYC_SESSION_SWEEP_SECONDS: '1',
      KYC_SESSION_IDLE_MINUTES: '30',
      PUBLIC_BASE_URL: 'https://kyc.example.test/',
      WEBHOOK_BACKOFF_MS: '150',
      WEBHOOK_MAX_ATTEMPTS: '3',
    });
    worker = await startInProcessWorker({}, api.clock);
    org = await api.createOrganization('Validations Co');
    await configure(org, { enabled: true, webhookUrl: receiver.url, webhookSecret: SECRET, sessionTtlHours: 2 });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await ownReceiver?.close();
  });

  async function configure(owner: TestOrganization, kycValidation: Record<string, unknown>): Promise<void> {
    const response = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: owner.headers,
      payload: { kycValidation },
    });
    expect(response.statusCode).toBe(200);
  }

  async function newEntity(owner: TestOrganization = org): Promise<string> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: owner.headers,
      payload: { type: 'person', name: 'Ana Pérez' },
    });
    expect(response.statusCode).toBe(201);
    return json<EntityResponseDto>(response).id;
  }

  /** The answer's status and body: the response DTO `T` or the contract's error body. */
  async function call<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = org.headers,
  ) {
    const response = await api.app.inject({ method, url, headers, ...(payload && { payload }) });
    return { status: response.statusCode, body: json<BodyOrError<T>>(response) };
  }

  async function createValidation(entityId: string, extra: Record<string, unknown> = {}) {
    const created = await call<ValidationResponseDto>('POST', '/api/kyc/validations', { entityId, ...extra });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function moveTo(id: string, ...steps: Array<'in_progress' | 'in_review'>): Promise<void> {
    const sessions = api.app.get(KycSessions);
    for (const to of steps)
      expect(await sessions.move({ id, from: to === 'in_progress' ? ['pending'] : ['in_progress'], to })).not.toBeNull();
  }

  it('creates a pending, current validation with a session link whose token is stored only hashed', async () => {
    const entityId = await newEntity();
    const before = Date.now();
    const body = await createValidation(entityId, {
      metadata: { ref: 'A-1' },
      omitWarnings: ['LOW_FACE_QUALITY'],
      callback: 'https://example.com/done',
    });
    expect(body).toMatchObject({
      entityId,
      organizationId: org.organizationId,
      status: 'pending',
      provider: 'self_hosted',
      isCurrent: true,
      metadata: { ref: 'A-1' },
      integrationCode: 'global_gueno_validation_kyc',
    });
    expect(typeof body.sessionId).toBe('string');
    const expiresIn = new Date(body.expiresAt).getTime() - before;
    expect(expiresIn).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(expiresIn).toBeLessThan(2 * 3600_000 + 60_000);
    const match = /^https:\/\/kyc\.example\.test\/kyc\/session\/([A-Za-z0-9_-]{43})$/.exec(body.providerSessionUrl ?? '');
    expect(match).not.toBeNull();
    const token = (match as RegExpExecArray)[1];
    const [row] = await database(api).query<{ session_token_hash: string }[]>(
      'SELECT session_token_hash FROM kyc_validations WHERE id = $1',
      [body.id],
    );
    expect(row.session_token_hash).toBe(createHash('sha256').update(token).digest('hex'));

    const fetched = await call<ValidationResponseDto>('GET', `/api/kyc/validations/${body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({
      id: body.id,
      status: 'pending',
      isCurrent: true,
      providerSessionUrl: null,
      callback: 'https://example.com/done',
      omitWarnings: ['LOW_FACE_QUALITY'],
    });
    expect(JSON.stringify(fetched.body)).not.toContain(token);
  });

  it('moves isCurrent to the newest validation of the entity', async () => {
    const entityId = await newEntity();
    const first = await createValidation(entityId);
    const second = await createValidation(entityId);
    expect((await call<ValidationResponseDto>('GET', `/api/kyc/validations/${first.id}`)).body.isCurrent).toBe(false);
    const current = await call('GET', `/api/kyc/entities/${entityId}/current`);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id: second.id, isCurrent: true });
  });

  it('answers 404 for the current validation of an entity that has none', async () => {
    const entityId = await newEntity();
    expect((await call('GET', `/api/kyc/entities/${entityId}/current`)).body.code).toBe('NOT_FOUND');
  });

  it("lists an entity's validations newest first, by page and by status", async () => {
    const entityId = await newEntity();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createValidation(entityId)).id);
    expect((await call('POST', `/api/kyc/validations/${ids[0]}/cancel`)).status).toBe(200);

    const page1 = await call<ValidationListResponseDto>('GET', `/api/kyc/entities/${entityId}/validations?page=1&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 3, page: 1, limit: 2 });
    expect(page1.body.validations.map((v) => v.id)).toEqual([ids[2], ids[1]]);
    const page2 = await call<ValidationListResponseDto>('GET', `/api/kyc/entities/${entityId}/validations?page=2&limit=2`);
    expect(page2.body.validations.map((v) => v.id)).toEqual([ids[0]]);
    const cancelled = await call('GET', `/api/kyc/entities/${entityId}/validations?status=cancelled`);
    expect(cancelled.body).toMatchObject({ total: 1, validations: [{ id: ids[0], status: 'cancelled' }] });
    expect((await call('GET', `/api/kyc/entities/${entityId}/validations?status=finished`)).body.code).toBe('INVALID_REQUEST');
  });

  it('cancels a pending validation once; a final status cannot be cancelled (CONFLICT)', async () => {
    const { id } = await createValidation(await newEntity());
    const cancelled = await call('POST', `/api/kyc/validations/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled' });
    const again = await call('POST', `/api/kyc/validations/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', details: { status: 'cancelled' } });
  });

  it('lets an admin resolve a validation in review, with a reason, and nothing else', async () => {
    const { id } = await createValidation(await newEntity());
    expect((await call('PATCH', `/api/kyc/validations/${id}/status`, { status: 'approved', reason: 'looks fine' })).body.code).toBe(
      'CONFLICT',
    );
    await moveTo(id, 'in_progress', 'in_review');
    expect((await call('POST', `/api/kyc/validations/${id}/cancel`)).body.code).toBe('CONFLICT');

    const member = await call(
      'PATCH',
      `/api/kyc/validations/${id}/status`,
      { status: 'approved', reason: 'looks fine' },
      await org.memberHeaders(),
    );
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('FORBIDDEN');
    expect((await call('PATCH', `/api/kyc/validations/${id}/status`, { status: 'approved' })).body.code).toBe('INVALID_REQUEST');
    expect((await call('PATCH', `/api/kyc/validations/${id}/status`, { status: 'cancelled', reason: 'x' })).body.code).toBe(
      'INVALID_REQUEST',
    );

    const resolved = await call('PATCH', `/api/kyc/validations/${id}/status`, {
      status: 'rejected',
      reason: 'document photo does not match',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id, status: 'rejected', resolutionReason: 'document photo does not match' });
    expect((await call('PATCH', `/api/kyc/validations/${id}/status`, { status: 'approved', reason: 'changed my mind' })).body.code).toBe(
      'CONFLICT',
    );
  });

  it('refuses with NOT_ENABLED when the integration is off and NOT_CONFIGURED without a webhook secret', async () => {
    const other = await api.createOrganization('Not yet');
    const entityId = await newEntity(other);
    const off = await call('POST', '/api/kyc/validations', { entityId }, other.headers);
    expect(off).toMatchObject({ status: 403, body: { code: 'NOT_ENABLED' } });
    await configure(other, { enabled: true });
    const unsigned = await call('POST', '/api/kyc/validations', { entityId }, other.headers);
    expect(unsigned).toMatchObject({ status: 403, body: { code: 'NOT_CONFIGURED' } });
  });

  it('validates the request: unknown entity → NOT_FOUND, oversized metadata and bad URLs → INVALID_REQUEST', async () => {
    const entityId = await newEntity();
    expect((await call('POST', '/api/kyc/validations', { entityId: '00000000-0000-4000-8000-000000000000' })).body.code).toBe('NOT_FOUND');
    expect((await call('POST', '/api/kyc/validations', { entityId, metadata: { blob: 'x'.repeat(11 * 1024) } })).body.code).toBe(
      'INVALID_REQUEST',
    );
    expect((await call('POST', '/api/kyc/validations', { entityId, webhookUrl: 'not a url' })).body.code).toBe('INVALID_REQUEST');
    expect((await call('POST', '/api/kyc/validations', { entityId, integrationCode: 'something_else' })).body.code).toBe('INVALID_REQUEST');
    expect((await call('POST', '/api/kyc/validations', {})).body.code).toBe('INVALID_REQUEST');
  });

  it("hides another organization's validations and entities (NOT_FOUND)", async () => {
    const entityId = await newEntity();
    const { id } = await createValidation(entityId);
    const other = await api.createOrganization('Other Co');
    await configure(other, { enabled: true, webhookSecret: SECRET });
    for (const [method, url] of [
      ['GET', `/api/kyc/validations/${id}`],
      ['GET', `/api/kyc/entities/${entityId}/validations`],
      ['GET', `/api/kyc/entities/${entityId}/current`],
      ['POST', `/api/kyc/validations/${id}/cancel`],
    ] as const) {
      expect(await call(method, url, undefined, other.headers)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    }
    expect(await call('POST', '/api/kyc/validations', { entityId }, other.headers)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect((await call<ValidationResponseDto>('GET', `/api/kyc/validations/${id}`)).body.status).toBe('pending');
  });

  it('expires a session past its expiry through the scheduled sweep', async () => {
    const { id } = await createValidation(await newEntity());
    api.clock.advance(TTL_MS + MINUTE);
    const expired = await eventually(
      () => call<ValidationResponseDto>('GET', `/api/kyc/validations/${id}`),
      (r) => r.body.status === 'expired',
      15_000,
    );
    expect(expired.body.isCurrent).toBe(true);
  });

  it('abandons a session in progress that has been idle too long, and leaves a recently active one alone', async () => {
    const idle = await createValidation(await newEntity());
    const active = await createValidation(await newEntity());
    await moveTo(idle.id, 'in_progress');
    api.clock.advance(2 * MINUTE);
    await moveTo(active.id, 'in_progress');
    // Idle for 31 minutes and 29 minutes: only the first is past KYC_SESSION_IDLE_MINUTES.
    api.clock.advance(29 * MINUTE);
    await eventually(
      () => call<ValidationResponseDto>('GET', `/api/kyc/validations/${idle.id}`),
      (r) => r.body.status === 'abandoned',
      15_000,
    );
    expect((await call<ValidationResponseDto>('GET', `/api/kyc/validations/${active.id}`)).body.status).toBe('in_progress');
  });

  it('expires a session once when several sweeps run at the same time (one outbox row)', async () => {
    const { id } = await createValidation(await newEntity());
    api.clock.advance(TTL_MS + 1000);
    const sweep = worker.get(SessionSweep);
    await Promise.all([sweep.sweep(), sweep.sweep(), sweep.sweep()]);
    expect((await call<ValidationResponseDto>('GET', `/api/kyc/validations/${id}`)).body.status).toBe('expired');
    const rows = await database(api).query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE payload->>'id' = $1 AND event = 'kyc.validation_expired'`,
      [id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('signs and delivers an event for every status change: created, cancelled, expired', async () => {
    const cancelled = await createValidation(await newEntity());
    await call('POST', `/api/kyc/validations/${cancelled.id}/cancel`);
    const expired = await createValidation(await newEntity());
    api.clock.advance(TTL_MS + 1000);

    const events = (id: string) =>
      receiver
        .forVerification(id)
        .map((r) => r.body?.event)
        .sort();
    await eventually(
      () => events(cancelled.id),
      (e) => e.length >= 2,
      15_000,
    );
    await eventually(
      () => events(expired.id),
      (e) => e.length >= 2,
      15_000,
    );
    expect(events(cancelled.id)).toEqual(['kyc.validation_cancelled', 'kyc.validation_created']);
    expect(events(expired.id)).toEqual(['kyc.validation_created', 'kyc.validation_expired']);
    for (const hook of [...receiver.forVerification(cancelled.id), ...receiver.forVerification(expired.id)]) {
      expect(hook.signatureValid).toBe(true);
      expect(hook.signatureV2Valid).toBe(true);
      expect(hook.body).toMatchObject({ organizationId: org.organizationId, payload: { organizationId: org.organizationId } });
      expect(typeof hook.headers['x-webhook-id']).toBe('string');
      expect(JSON.stringify(hook.body)).not.toContain('/kyc/session/');
    }
    const [cancelEvent] = receiver.forVerification(cancelled.id).filter((r) => r.body?.event === 'kyc.validation_cancelled');
    expect(cancelEvent.body?.payload).toMatchObject({ id: cancelled.id, status: 'cancelled' });
  });

  it('records an event for the other transitions too: in_progress, in_review, rejected (admin), abandoned (sweep)', async () => {
    const reviewed = await createValidation(await newEntity());
    await moveTo(reviewed.id, 'in_progress', 'in_review');
    expect(
      (await call('PATCH', `/api/kyc/validations/${reviewed.id}/status`, { status: 'rejected', reason: 'portrait unreadable' })).status,
    ).toBe(200);
    const idle = await createValidation(await newEntity());
    await moveTo(idle.id, 'in_progress');
    api.clock.advance(31 * MINUTE);
    await eventually(
      () => call<ValidationResponseDto>('GET', `/api/kyc/validations/${idle.id}`),
      (r) => r.body.status === 'abandoned',
      15_000,
    );

    const outbox = async (id: string) =>
      (
        await database(api).query<{ event: string }[]>(
          `SELECT event FROM webhook_deliveries WHERE payload->>'id' = $1 ORDER BY created_at`,
          [id],
        )
      ).map((r) => r.event);
    expect(await outbox(reviewed.id)).toEqual([
      'kyc.validation_created',
      'kyc.validation_in_progress',
      'kyc.validation_in_review',
      'kyc.validation_rejected',
    ]);
    expect(await outbox(idle.id)).toEqual(['kyc.validation_created', 'kyc.validation_in_progress', 'kyc.validation_abandoned']);
    // The API and the worker hand their events to the delivery queue at once: signed and received.
    for (const [id, event] of [
      [reviewed.id, 'kyc.validation_rejected'],
      [idle.id, 'kyc.validation_abandoned'],
    ] as const) {
      const hooks = await eventually(
        () => receiver.forVerification(id).filter((r) => r.body?.event === event),
        (found) => found.length === 1,
        15_000,
      );
      expect(hooks[0].signatureValid).toBe(true);
      expect(hooks[0].body?.payload).toMatchObject({ id, status: event.replace('kyc.validation_', '') });
    }
  });

  it('sends the events of a validation with its own webhookUrl there instead', async () => {
    const { id } = await createValidation(await newEntity(), { webhookUrl: ownReceiver.url });
    await eventually(
      () => ownReceiver.forVerification(id),
      (hooks) => hooks.length === 1,
      15_000,
    );
    expect(ownReceiver.forVerification(id)[0]).toMatchObject({
      signatureValid: true,
      signatureV2Valid: true,
      body: { event: 'kyc.validation_created' },
    });
    expect(receiver.forVerification(id)).toEqual([]);
  });
});
