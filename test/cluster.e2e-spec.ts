import { expect } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openMigratedDataSource, OrganizationRepository } from '@app/audit';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { FaceMatchResponseDto } from '../apps/api/src/face-match/face-match.dto';
import type { ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { call, HttpReply, spawnApi, SpawnedApi } from './support/cluster';
import { createTestDatabase, TestDatabase } from './support/database';
import { file, multipart } from './support/multipart';
import { doubleCheckForm, eventually, freePort, Sandbox, SpawnedWorker, spawnWorker, startSandbox } from './support/renaper';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';
import { startS3Server, TestS3Server } from './support/s3-server';

const SECRET = 'the-webhook-secret-of-the-cluster-suite';
const ADMIN_TOKEN = 'cluster-suite-admin-token-0123456789';
const FINAL = ['approved', 'declined', 'rejected'];
/** Requests per minute one hosted session token may make, counted in Redis by every API. */
const TOKEN_LIMIT = 12;

/**
 * Two API processes and two worker processes on one PostgreSQL database, one Redis key prefix and
 * one image storage, as a bank runs it behind a load balancer. Requests alternate between the APIs;
 * nothing may depend on which process served the previous step. Every process is spawned here and
 * ended by its pid.
 */
describe('a cluster: 2 API processes and 2 workers sharing PostgreSQL, Redis and S3 storage (s3rver)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let storageDir: string;
  let s3: TestS3Server;
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let apis: SpawnedApi[] = [];
  let workers: SpawnedWorker[] = [];
  let headers: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('cluster');
    ({ dataSource } = await openMigratedDataSource(db.url));
    // STORAGE_DIR holds only the development encryption key the four processes share; images go to S3.
    storageDir = mkdtempSync(join(tmpdir(), 'kyc-cluster-'));
    s3 = await startS3Server();
    sandbox = await startSandbox();
    receiver = await startWebhookReceiver(SECRET);
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATABASE_MIGRATE_ON_START: 'false',
      STORAGE_DIR: storageDir,
      STORAGE_PROVIDER: 's3',
      ...s3.env(),
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `kyc-test-cluster-${process.pid}`,
      ADMIN_TOKEN,
      LOG_LEVEL: 'info',
      FACE_WORKERS: '1',
      RENAPER_WAIT_SECONDS: '0',
      RENAPER_POLL_INTERVAL_MS: '300',
      RENAPER_DEADLINE_SECONDS: '120',
      WEBHOOK_BACKOFF_MS: '200',
      WORKER_RECOVERY_SWEEP_SECONDS: '2',
      // A killed worker's running jobs are taken over within about twice this (30 s by default).
      WORKER_JOB_LOCK_SECONDS: '3',
      HOSTED_RATE_LIMIT_PER_TOKEN_PER_MINUTE: String(TOKEN_LIMIT),
    };
    const ports = [await freePort(), await freePort()];
    // Started together: each loads its own models.
    apis = await Promise.all(ports.map((port) => spawnApi(port, env)));
    workers = [spawnWorker(env), spawnWorker(env)];
    await Promise.all(workers.map((worker) => worker.ready));

    const created = await new OrganizationRepository(dataSource).createWithAdminKey('Cluster Co');
    headers = { authorization: `Bearer ${created.apiKey}` };
    const settings = await call(apis[1].url, 'PATCH', '/api/organizations/current/kyc-settings', {
      headers,
      json: {
        kycValidation: { enabled: true, webhookUrl: receiver.url, webhookSecret: SECRET, allowSelfieUpload: true },
        renaper: {
          dataEnrichmentEnabled: true,
          validateDniEnrichmentEnabled: true,
          baseUrl: sandbox.running.url,
          username: 'sandbox',
          password: 'sandbox',
        },
      },
    });
    expect(settings.status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...workers, ...apis].map((process) => process.kill('SIGTERM')));
    await dataSource?.destroy();
    await db?.drop();
    await sandbox?.close();
    await receiver?.close();
    if (storageDir) rmSync(storageDir, { recursive: true, force: true });
    await s3?.destroy();
  });

  /** Alternates: the n-th call goes to API n mod 2. */
  let turn = 0;
  function next(): SpawnedApi {
    return apis[turn++ % 2];
  }

  async function newEntity(name: string): Promise<string> {
    const entity = await call<EntityResponseDto>(next().url, 'POST', '/api/entities', { headers, json: { type: 'person', name } });
    expect(entity.status).toBe(201);
    return entity.body.id;
  }

  async function biometricCheck(api: SpawnedApi, entityId: string, image: Buffer): Promise<HttpReply> {
    return call(api.url, 'POST', '/api/kyc/biometric', { headers, json: { user_image: image.toString('base64'), entityId } });
  }

  it('completes on one API a hosted session started on the other, and an erasure on API 1 empties the Biometric Check on API 2 at once', async () => {
    const person = await sandbox.person('valid');
    const faces = await sandbox.faces(person);
    const entityId = await newEntity('Clara Cluster');
    const created = await call<ValidationResponseDto>(apis[0].url, 'POST', '/api/kyc/validations', { headers, json: { entityId } });
    expect(created.status).toBe(201);
    const token = String(created.body.providerSessionUrl).split('/').pop() as string;

    expect((await call(apis[1].url, 'POST', `/kyc/session/${token}/consent`)).status).toBe(200);
    const document = await multipart({ document: file(faces.document) });
    expect(
      (await call(apis[0].url, 'POST', `/kyc/session/${token}/document`, { headers: document.headers, body: document.payload })).status,
    ).toBe(200);
    const selfie = await multipart({ selfie: file(faces.selfie) });
    const decided = await call(apis[1].url, 'POST', `/kyc/session/${token}/selfie`, { headers: selfie.headers, body: selfie.payload });
    expect(decided.status).toBe(200);
    const validation = await call<ValidationResponseDto>(apis[0].url, 'GET', `/api/kyc/validations/${created.body.id}`, { headers });
    // An uploaded (not live-captured) selfie is always reviewed: decided, with its template enrolled.
    expect(validation.body.status).toBe('in_review');
    // Both images of the session are objects in the shared bucket, none a file of either API.
    const sessionObjects = () => s3.filesOnDisk().filter((key) => key.includes(created.body.id));
    expect(sessionObjects()).toHaveLength(2);

    // API 2 opens (and caches) the template; API 1 erases; API 2's very next check finds nothing.
    const before = await biometricCheck(apis[1], entityId, faces.selfie);
    expect(before.body).toMatchObject({ faceSearch: { totalMatches: 1 } }); // a match with a reviewed session (only approved ones are listed)
    const erased = await call(apis[0].url, 'DELETE', `/api/entities/${entityId}/biometrics`, { headers });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ templates: 1 });
    expect(sessionObjects()).toEqual([]);
    const after = await biometricCheck(apis[1], entityId, faces.selfie);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      match: false,
      matchedKycValidationIds: [],
      faceSearch: { totalMatches: 0, warnings: expect.arrayContaining(['NO_REFERENCE_IMAGE']) },
    });
  }, 120_000);

  it('accepts one of two document uploads sent to the two APIs at once (the upload lock is shared)', async () => {
    const faces = await sandbox.faces(await sandbox.person('valid'));
    const created = await call<ValidationResponseDto>(apis[0].url, 'POST', '/api/kyc/validations', {
      headers,
      json: { entityId: await newEntity('Una Upload') },
    });
    const token = String(created.body.providerSessionUrl).split('/').pop() as string;
    expect((await call(apis[0].url, 'POST', `/kyc/session/${token}/consent`)).status).toBe(200);
    const document = await multipart({ document: file(faces.document) });
    const send = (api: SpawnedApi) =>
      call(api.url, 'POST', `/kyc/session/${token}/document`, { headers: document.headers, body: document.payload });
    const answers = await Promise.all([send(apis[0]), send(apis[1])]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body).toMatchObject({ code: 'CONFLICT' });
  }, 60_000);

  it("counts a hosted session token's rate limit across both APIs", async () => {
    const created = await call<ValidationResponseDto>(apis[1].url, 'POST', '/api/kyc/validations', {
      headers,
      json: { entityId: await newEntity('Rita Rate') },
    });
    expect(created.status).toBe(201);
    const token = String(created.body.providerSessionUrl).split('/').pop() as string;
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_LIMIT; i++) statuses.push((await call(next().url, 'GET', `/kyc/session/${token}/state`)).status);
    expect(statuses).toEqual(Array(TOKEN_LIMIT).fill(200));
    // Each API alone has seen half of the limit: only a shared counter refuses the next call, on either.
    for (const api of apis) {
      const refused = await call(api.url, 'GET', `/kyc/session/${token}/state`);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', requestId: expect.any(String) });
    }
  }, 60_000);

  async function doubleCheck(api: SpawnedApi): Promise<string> {
    const form = await multipart(await doubleCheckForm(sandbox, await sandbox.person('valid')));
    const answered = await call<FaceMatchResponseDto>(api.url, 'POST', '/api/kyc/face-match', {
      headers: { ...headers, ...form.headers },
      body: form.payload,
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('in_review');
    return answered.body.verificationId;
  }

  async function statusOf(verificationId: string): Promise<string> {
    const rows: Array<{ status: string }> = await dataSource.query('SELECT status FROM face_match_verifications WHERE id = $1', [
      verificationId,
    ]);
    return rows[0]?.status ?? 'missing';
  }

  it('finishes a double-check enqueued by API 1 on whichever worker takes it', async () => {
    const id = await doubleCheck(apis[0]);
    expect(
      await eventually(
        () => statusOf(id),
        (status) => FINAL.includes(status),
        60_000,
        200,
      ),
    ).toBe('approved');
    const webhook = await eventually(
      () => receiver.forVerification(id),
      (found) => found.some((hook) => hook.body?.payload?.status === 'approved'),
      30_000,
      200,
    );
    expect(webhook.every((hook) => hook.signatureValid)).toBe(true);
  }, 90_000);

  it('finishes every double-check on the surviving worker when the other is killed with SIGKILL', async () => {
    // The registry answers the face step slowly: the checks are mid-poll (delayed jobs) at the kill.
    await sandbox.control.behave({ faceAnswerDelayMs: 2500 });
    try {
      const ids = [await doubleCheck(apis[0]), await doubleCheck(apis[1]), await doubleCheck(apis[0])];
      await eventually(
        async () =>
          dataSource.query<Array<{ n: number }>>(
            "SELECT count(*)::int AS n FROM renaper_checks WHERE verification_id = ANY($1::uuid[]) AND step = 'poll'",
            [ids],
          ),
        ([row]) => row.n > 0,
        30_000,
        100,
      );
      const [victim, survivor] = workers;
      await victim.kill('SIGKILL');
      const statuses = await eventually(
        () => Promise.all(ids.map(statusOf)),
        (all) => all.every((status) => FINAL.includes(status)),
        90_000,
        250,
      );
      expect(statuses).toEqual(['approved', 'approved', 'approved']);
      expect(survivor.output()).toMatch(/RENAPER double-check finished/);
    } finally {
      await sandbox.control.behave({ faceAnswerDelayMs: 0 });
    }
  }, 150_000);
});
