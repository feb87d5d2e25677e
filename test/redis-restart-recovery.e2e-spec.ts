import { expect } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { WebhookDeliveryRepository } from '@app/audit';
import { JOBS, QUEUES, WEBHOOK_EVENTS } from '@app/core';
import { REDIS_CONNECTION } from '@app/queue';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { json } from './support/http';
import {
  database,
  doubleCheckForm,
  enableRenaper,
  eventually,
  freePort,
  getVerification,
  OwnRedis,
  postFaceMatch,
  renaperCheckRows,
  renaperQueue,
  Sandbox,
  SpawnedWorker,
  spawnWorker,
  startOwnRedis,
  startSandbox,
} from './support/renaper';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'the-webhook-secret-of-the-recovery-suite';
/** The bound: after a Redis restart everything resumes within a minute, nothing restarted. */
const RESUMES_WITHIN_MS = 60_000;
/** The organization's session_ttl_hours here. */
const SESSION_TTL_MS = 3600_000;

/**
 * Redis keeps nothing on disk. The suite runs its own redis-server (never the shared one), a real
 * worker process and the API on it, kills that redis-server by its pid and starts a new, empty one
 * on the same port; the worker is not restarted. Everything the database says is owed must resume:
 * expiring sessions (a job scheduler), webhook deliveries and RENAPER checks (their jobs).
 */
describe('recovery after a Redis restart (worker left running)', () => {
  let redis: OwnRedis;
  let api: TestApi;
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let org: TestOrganization;
  let worker: SpawnedWorker;

  beforeAll(async () => {
    redis = await startOwnRedis(await freePort());
    sandbox = await startSandbox();
    receiver = await startWebhookReceiver(SECRET);
    api = await startTestApi('redis-restart-recovery', {
      REDIS_URL: redis.url,
      RENAPER_WAIT_SECONDS: '1',
      RENAPER_DEADLINE_SECONDS: '300',
      RENAPER_POLL_INTERVAL_MS: '1000',
      KYC_SESSION_SWEEP_SECONDS: '2',
      WORKER_RECOVERY_SWEEP_SECONDS: '2',
      WEBHOOK_BACKOFF_MS: '200',
    });
    org = await api.createOrganization('Redis Restart Co');
    await enableRenaper(api, org, sandbox);
    const configured = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: org.headers,
      payload: { kycValidation: { enabled: true, webhookUrl: receiver.url, webhookSecret: SECRET, sessionTtlHours: 1 } },
    });
    expect(configured.statusCode).toBe(200);
    worker = spawnWorker();
    await worker.ready;
  }, 120_000);

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    if (api) {
      // The API's queue connections close cleanly only while a Redis answers them.
      const connection = api.app.get<Redis>(REDIS_CONNECTION);
      await eventually(
        () =>
          connection.ping().then(
            () => true,
            () => false,
          ),
        (up) => up,
        20_000,
        200,
      );
    }
    await api?.close();
    await sandbox?.close();
    await receiver?.close();
    await redis?.stop();
  });

  function webhooksQueue(): Queue {
    return api.app.get<Queue>(getQueueToken(QUEUES.webhooks));
  }

  async function newEntity(): Promise<string> {
    const entity = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: org.headers,
      payload: { type: 'person', name: 'Rita Restart' },
    });
    expect(entity.statusCode).toBe(201);
    return json<EntityResponseDto>(entity).id;
  }

  /** Opens a session, retrying while the API's own Redis connections come back after the restart (503). */
  async function openSession(entityId: string): Promise<string> {
    const create = () => api.app.inject({ method: 'POST', url: '/api/kyc/validations', headers: org.headers, payload: { entityId } });
    const created = await eventually(create, (response) => response.statusCode !== 503, 30_000, 250);
    expect(created.statusCode).toBe(201);
    return json<ValidationResponseDto>(created).id;
  }

  async function sessionStatus(id: string): Promise<string> {
    const [row] = await database(api).query<{ status: string }[]>('SELECT status FROM kyc_validations WHERE id = $1', [id]);
    return row.status;
  }

  async function deliveryStatus(id: string): Promise<string | undefined> {
    return (await api.app.get(WebhookDeliveryRepository).findById(id))?.status;
  }

  /** An outbox row committed while its enqueue could not happen (the API's enqueue defers it to the worker). */
  function recordUnqueuedDelivery(probe: string): Promise<string | null> {
    const deliveries = api.app.get(WebhookDeliveryRepository);
    return database(api).transaction((manager) =>
      deliveries.recordEvent(manager, {
        organizationId: org.organizationId,
        event: WEBHOOK_EVENTS.faceMatchUpdated,
        payload: { id: probe, status: 'approved' },
      }),
    );
  }

  it('expires a session, delivers a pending webhook and finishes a RENAPER check via the sandbox, with only Redis restarted', async () => {
    const entityId = await newEntity();
    // A double-check polling the registry when Redis goes: its job (delayed between polls) is lost.
    await sandbox.control.behave({ faceAnswerDelayMs: 6000 });
    const answered = await postFaceMatch(api, org, await doubleCheckForm(sandbox, await sandbox.person('valid')));
    expect(answered.body).toMatchObject({ status: 'in_review', warnings: expect.arrayContaining(['RENAPER_PENDING']) });
    const verificationId: string = answered.body.verificationId;
    await eventually(
      () => renaperCheckRows(api, verificationId),
      ([row]) => row.step === 'poll',
      30_000,
    );
    await eventually(
      async () => (await renaperQueue(api).getJob(verificationId))?.getState(),
      (state) => state === 'delayed',
      10_000,
      20,
    );

    const oldPid = redis.pid;
    await redis.stop();
    // Written while Redis is down: the outbox row commits, its job cannot be added.
    const deliveryId = (await recordUnqueuedDelivery('written-while-redis-was-down')) as string;
    expect(deliveryId).toEqual(expect.any(String));
    redis = await startOwnRedis(redis.port);
    expect(redis.pid).not.toBe(oldPid);
    // A session already past its expiry for the worker, created after the restart (by an API whose
    // sessions' clock runs one TTL behind), so only a scheduler installed since can expire it.
    api.clock.advance(-(SESSION_TTL_MS + 1000));
    const sessionId = await openSession(entityId);
    api.clock.advance(SESSION_TTL_MS + 1000);

    const resumed = await eventually(
      async () => ({
        session: await sessionStatus(sessionId),
        delivery: await deliveryStatus(deliveryId),
        verification: (await getVerification(api, org, verificationId)).status,
      }),
      (state) => state.session === 'expired' && state.delivery === 'delivered' && state.verification !== 'in_review',
      RESUMES_WITHIN_MS,
      250,
    );
    expect(resumed).toEqual({ session: 'expired', delivery: 'delivered', verification: 'approved' });

    const final = await getVerification(api, org, verificationId);
    expect(final).toMatchObject({ match: true, responseDoubleChecks: { renaperBiometric: { status: 'match' } } });
    expect((await sandbox.control.stats()).calls.faceSubmit).toBe(1); // resumed the poll from the database, no second submission
    expect(receiver.forVerification('written-while-redis-was-down')).toEqual([expect.objectContaining({ signatureValid: true })]);
    expect(
      receiver.received.some((request) => request.body?.event === 'kyc.validation_expired' && request.body?.payload?.id === sessionId),
    ).toBe(true);
    // Nothing was restarted: the same worker process did it all.
    expect(process.kill(worker.pid, 0)).toBe(true);
  }, 150_000);

  it('re-delivers a pending delivery whose job id is held by a stale finished job', async () => {
    // A finished job under the delivery's id (as a job that failed on a database error leaves),
    // added before the row commits so no sweep enqueues the real one first: adding a job with the
    // same id again would silently do nothing.
    let stale: Job | undefined;
    const deliveries = api.app.get(WebhookDeliveryRepository);
    const deliveryId = (await database(api).transaction(async (manager) => {
      const id = await deliveries.recordEvent(manager, {
        organizationId: org.organizationId,
        event: WEBHOOK_EVENTS.faceMatchUpdated,
        payload: { id: 'stale-finished-job', status: 'approved' },
      });
      stale = await webhooksQueue().add(JOBS.webhookDeliver, { deliveryId: 'not-a-delivery' }, { jobId: id as string });
      return id;
    })) as string;
    await eventually(
      () => (stale as Job).getState(),
      (state) => state === 'completed',
      20_000,
      50,
    );

    await eventually(
      () => deliveryStatus(deliveryId),
      (status) => status === 'delivered',
      RESUMES_WITHIN_MS,
      250,
    );
    expect(receiver.forVerification('stale-finished-job')).toEqual([expect.objectContaining({ signatureValid: true })]);
  }, 90_000);
});
