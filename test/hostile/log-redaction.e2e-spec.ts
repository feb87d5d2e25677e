import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiKeyRepository, createDataSourceOptions, OrganizationRepository } from '@app/audit';
import type { EntityResponseDto } from '../../apps/api/src/entities/entity.dto';
import type { VerificationResponseDto } from '../../apps/api/src/face-match/face-match.dto';
import type { ValidationResponseDto } from '../../apps/api/src/validations/validation.dto';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Jsonified } from '../support/http';
import { multipart } from '../support/multipart';
import { doubleCheckForm, eventually, freePort, Sandbox, spawnWorker, SpawnedWorker, startSandbox } from '../support/renaper';

const REPO_ROOT = join(__dirname, '..', '..');

interface SpawnedApi {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** The real API process (`node -r @swc-node/register apps/api/src/main.ts`), its stdout and stderr kept. */
function spawnApi(env: Record<string, string>): SpawnedApi {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * Logs never hold an identity number, a hosted session token, an API key, an image or an
 * embedding (issue 8, item 9). The real API and worker processes run at LOG_LEVEL=debug through
 * a full run — entities with a CUIL and an idNumber (and searched by them), a face match with
 * dni/trámite double-checked against the RENAPER sandbox, a hosted session from consent to
 * selfie, a biometric check with a base64 image, wrong API keys — and everything they printed
 * is scanned.
 */
describe('Logs of a full run (API and worker processes, LOG_LEVEL=debug)', () => {
  const CUIL = '27284567124';
  const ENTITY_DNI = '28456712';
  const EXTERNAL_ID = `cliente-${ENTITY_DNI}`;
  let database: TestDatabase;
  let storageDir: string;
  let sandbox: Sandbox;
  let api: SpawnedApi;
  let worker: SpawnedWorker;
  let origin: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('log-redaction');
    storageDir = mkdtempSync(join(tmpdir(), 'kyc-log-redaction-'));
    sandbox = await startSandbox();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATABASE_MIGRATE_ON_START: 'false',
      STORAGE_DIR: storageDir,
      REDIS_PREFIX: `kyc-test-log-redaction-${process.pid}`,
      LOG_LEVEL: 'debug',
      FACE_WORKERS: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: origin,
      RENAPER_WAIT_SECONDS: '0',
      RENAPER_POLL_INTERVAL_MS: '200',
      // The sandbox listens on loopback: an outbound guard that refuses private networks must allow it.
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
    };
    api = spawnApi(env);
    await eventually(
      () =>
        fetch(`${origin}/health`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200 || api.child.exitCode !== null,
      150_000,
      300,
    );
    if (api.child.exitCode !== null) throw new Error(`the API exited:\n${api.output().slice(-3000)}`);
    // One process compiling at a time: two at once on a busy machine can pass the worker's start-up wait.
    worker = spawnWorker(env);
    await worker.ready;
  }, 240_000);

  afterAll(async () => {
    if (api?.child.exitCode === null) {
      process.kill(api.child.pid as number, 'SIGTERM');
      await api.exited;
    }
    await worker?.kill('SIGTERM');
    await sandbox?.close();
    await database?.drop();
    if (storageDir) rmSync(storageDir, { recursive: true, force: true });
  });

  /** The answer's status and its JSON body read as the response DTO `T` (a body that is no JSON object has none of its fields). */
  async function call<T = unknown>(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: Partial<Jsonified<T>> = text.startsWith('{') ? (JSON.parse(text) as Jsonified<T>) : {};
    return { status: response.status, body: json };
  }

  it('prints request lines and events, but no identity number, token, key, image or embedding', async () => {
    const dataSource = new DataSource(createDataSourceOptions(database.url));
    await dataSource.initialize();
    const created = await new OrganizationRepository(dataSource).createWithAdminKey('Logs Co');
    const member = await new ApiKeyRepository(dataSource).createForOrganization(created.organization.id, 'member');
    await dataSource.destroy();
    const admin = { authorization: `Bearer ${created.apiKey}` };

    const settings = await call('PATCH', '/api/organizations/current/kyc-settings', admin, {
      kycValidation: { enabled: true, allowSelfieUpload: true, webhookSecret: 'the-webhook-secret-of-the-log-suite' },
      renaper: {
        dataEnrichmentEnabled: true,
        validateDniEnrichmentEnabled: true,
        baseUrl: sandbox.running.url,
        username: 'sandbox',
        password: 'sandbox',
      },
    });
    expect(settings.status).toBe(200);

    // Entities with a CUIL and an idNumber, read back by them (query strings and a bad path id).
    const entity = await call<EntityResponseDto>('POST', '/api/entities', admin, {
      type: 'person',
      externalId: EXTERNAL_ID,
      taxId: CUIL,
      name: 'Ana Test',
      person: { firstName: 'Ana', idNumber: ENTITY_DNI },
    });
    expect(entity.status).toBe(201);
    const entityId = entity.body.id as string;
    expect((await call('GET', `/api/entities?taxId=${CUIL}`, admin)).status).toBe(200);
    expect(
      (await call('GET', `/api/entities?externalId=${EXTERNAL_ID}&limit=5`, { authorization: `Bearer ${member.apiKey}` })).status,
    ).toBe(200);
    expect((await call('GET', `/api/entities/${CUIL}`, admin)).status).toBeGreaterThanOrEqual(400);
    expect(
      (await call('GET', `/api/entities?taxId=${CUIL}`, { authorization: 'Bearer kyc_wrongwrongwrongwrongwrongwrongwrongwrong' })).status,
    ).toBe(401);

    // A face match double-checked against the registry (dni, gender, trámite), finished by the worker.
    const person = await sandbox.person('valid');
    const form = await multipart(await doubleCheckForm(sandbox, person, { entityId }));
    const matched = await fetch(`${origin}/api/kyc/face-match?doubleCheckRenaper=true`, {
      method: 'POST',
      headers: { ...admin, ...form.headers },
      body: form.payload,
    });
    expect(matched.status).toBe(200);
    const verificationId = ((await matched.json()) as { verificationId: string }).verificationId;
    await eventually(
      () => call<VerificationResponseDto>('GET', `/api/kyc/face-match/verifications/${verificationId}`, admin),
      (read) => read.body.status !== 'in_review',
      60_000,
      300,
    );

    // A hosted session from its page to the selfie.
    const { selfie, document } = await sandbox.faces(person);
    const validation = await call<ValidationResponseDto>('POST', '/api/kyc/validations', admin, { entityId });
    expect(validation.status).toBe(201);
    const token = new URL(validation.body.providerSessionUrl as string).pathname.split('/').pop() as string;
    expect((await fetch(`${origin}/kyc/session/${token}`)).status).toBe(200);
    expect((await call('GET', `/kyc/session/${token}/state`, {})).status).toBe(200);
    expect((await call('POST', `/kyc/session/${token}/consent`, {})).status).toBe(200);
    for (const [step, image] of [
      ['document', document],
      ['selfie', selfie],
    ] as const) {
      const upload = await multipart({ [step]: { bytes: image, filename: `${step}.jpg`, contentType: 'image/jpeg' } });
      expect(
        (await fetch(`${origin}/kyc/session/${token}/${step}`, { method: 'POST', headers: upload.headers, body: upload.payload })).status,
      ).toBe(200);
    }

    // A biometric check with the image inside the JSON body.
    const biometric = await call('POST', '/api/kyc/biometric', admin, { image: selfie.toString('base64'), entityId });
    expect(biometric.status).toBeLessThan(500);

    // Stop both processes so that everything they buffered is written.
    process.kill(api.child.pid as number, 'SIGTERM');
    await api.exited;
    await worker.kill('SIGTERM');
    const logs = `${api.output()}\n${worker.output()}`;

    // The logs hold none of these ...
    const secrets: Record<string, string> = {
      'the CUIL': CUIL,
      "the entity's idNumber": ENTITY_DNI,
      "the registry person's DNI": person.dni,
      'the trámite': person.tramite,
      'the hosted token': token,
      'the admin API key': created.apiKey,
      'the member API key': member.apiKey,
      'the webhook secret': 'the-webhook-secret-of-the-log-suite',
      'the selfie (base64)': selfie.toString('base64').slice(100, 200),
      'the document (base64)': document.toString('base64').slice(100, 200),
    };
    const found = Object.entries(secrets)
      .filter(([, value]) => logs.includes(value))
      .map(([name]) => name);
    expect(found).toEqual([]);
    // No embedding: no run of 32 or more decimal numbers.
    expect(logs).not.toMatch(/(-?\d+\.\d+\s*,\s*){32}/);
    // ... and yet the run was logged, so the scan above is not vacuous.
    expect(logs).toContain(`"url":"/api/entities?taxId=[redacted]"`);
    expect(logs).toContain(`"url":"/kyc/session/[redacted]/state"`);
    expect(logs).toMatch(/RENAPER double-check finished/);
  }, 240_000);
});
