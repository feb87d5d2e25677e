import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { ResponseDoubleChecks } from '@app/audit';
import { QUEUES, resetEnvironmentCache } from '@app/core';
import type { FaceMatchResponseDto, VerificationResponseDto } from '../../apps/api/src/face-match/face-match.dto';
import type { Clock } from '@app/session';
import {
  RenaperSandboxOptions,
  RunningRenaperSandbox,
  SandboxControl,
  SandboxPerson,
  startRenaperSandbox,
} from '../../apps/renaper-sandbox/src/sandbox';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { TestApi, TestOrganization } from './app';
import { degradeLikeDocument } from './faces';
import { ErrorBody, json, Jsonified } from './http';
import { file, FormValue, multipart } from './multipart';

const REPO_ROOT = join(__dirname, '..', '..');

/** The fixture roles of apps/renaper-sandbox/fixtures/people.json the suites use. */
export type FixtureRole = 'valid' | 'valid-second' | 'deceased' | 'expired' | 'reprinted' | 'seven-digit-dni';

export interface Sandbox {
  running: RunningRenaperSandbox;
  control: SandboxControl;
  person(role: FixtureRole): Promise<SandboxPerson>;
  /** The registry photo of a person as a selfie, and a degraded copy of it as a document portrait. */
  faces(person: SandboxPerson): Promise<{ selfie: Buffer; document: Buffer }>;
  close(): Promise<void>;
}

/** The RENAPER sandbox on a free port, with a face engine of its own; photos are cached per DNI. */
export async function startSandbox(options: RenaperSandboxOptions = {}): Promise<Sandbox> {
  const running = await startRenaperSandbox({ port: 0, face: { workers: 1 }, ...options });
  const control = new SandboxControl(running.url, running.controlKey);
  const people = new Map<string, SandboxPerson>();
  const faces = new Map<string, Promise<{ selfie: Buffer; document: Buffer }>>();
  return {
    running,
    control,
    async person(role) {
      if (!people.has(role)) people.set(role, await control.person(role));
      return people.get(role) as SandboxPerson;
    },
    faces(person) {
      if (!faces.has(person.dni)) {
        faces.set(
          person.dni,
          control.photo(person.dni).then(async (selfie) => ({ selfie, document: await degradeLikeDocument(selfie) })),
        );
      }
      return faces.get(person.dni) as Promise<{ selfie: Buffer; document: Buffer }>;
    },
    close: () => running.close(),
  };
}

/** Turns both RENAPER integrations on and points the organization at the sandbox. */
export async function enableRenaper(
  api: TestApi,
  org: TestOrganization,
  sandbox: Sandbox,
  renaper: Record<string, unknown> = {},
): Promise<void> {
  const response = await api.app.inject({
    method: 'PATCH',
    url: '/api/organizations/current/kyc-settings',
    headers: org.headers,
    payload: {
      renaper: {
        dataEnrichmentEnabled: true,
        validateDniEnrichmentEnabled: true,
        baseUrl: sandbox.running.url,
        username: 'sandbox',
        password: 'sandbox',
        ...renaper,
      },
    },
  });
  if (response.statusCode !== 200) throw new Error(`kyc-settings PATCH answered ${response.statusCode}: ${response.body}`);
}

/** The form of a double-checked face match for `person`, their own faces unless `selfieOf` says otherwise. */
export async function doubleCheckForm(
  sandbox: Sandbox,
  person: SandboxPerson,
  overrides: Record<string, FormValue | undefined> = {},
): Promise<Record<string, FormValue | undefined>> {
  const { selfie, document } = await sandbox.faces(person);
  return {
    documentImage: file(document),
    selfieImage: file(selfie),
    doubleCheckRenaper: 'true',
    dni: person.dni,
    gender: person.sexo,
    tramite: person.tramite,
    ...overrides,
  };
}

/** The contract's `responseDoubleChecks` as the API shows it: the registry's outcomes and where the inputs came from. */
export type DoubleChecksBody = ResponseDoubleChecks & { inputSources?: Record<string, string> };

/** A face-match answer: the response DTO on success, the contract's error body otherwise (a test reads whichever it expects). */
export type FaceMatchBody = Jsonified<Omit<FaceMatchResponseDto, 'responseDoubleChecks'>> & {
  responseDoubleChecks?: DoubleChecksBody | null;
} & Partial<ErrorBody>;

/** GET /api/kyc/face-match/verifications/:id. */
export type VerificationBody = Jsonified<Omit<VerificationResponseDto, 'responseDoubleChecks'>> & {
  responseDoubleChecks: DoubleChecksBody | null;
};

export interface Reply {
  status: number;
  body: FaceMatchBody;
  elapsedMs: number;
}

export async function postFaceMatch(
  api: TestApi,
  org: TestOrganization,
  fields: Record<string, FormValue | undefined>,
  query = '',
): Promise<Reply> {
  const body = await multipart(fields);
  const started = Date.now();
  const response = await api.app.inject({
    method: 'POST',
    url: `/api/kyc/face-match${query}`,
    headers: { ...org.headers, ...body.headers },
    payload: body.payload,
  });
  return { status: response.statusCode, body: json<FaceMatchBody>(response), elapsedMs: Date.now() - started };
}

export async function getVerification(api: TestApi, org: TestOrganization, id: string): Promise<VerificationBody> {
  const response = await api.app.inject({ method: 'GET', url: `/api/kyc/face-match/verifications/${id}`, headers: org.headers });
  if (response.statusCode !== 200) throw new Error(`GET verification answered ${response.statusCode}: ${response.body}`);
  return json<VerificationBody>(response);
}

/** Polls `read` until `done` holds (or throws with the last value after `timeoutMs`). */
export async function eventually<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
  everyMs = 150,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    last = await read();
  }
  return last;
}

/** The API's BullMQ queue of RENAPER checks (job id = verification id). */
export function renaperQueue(api: TestApi): Queue {
  return api.app.get<Queue>(getQueueToken(QUEUES.renaper));
}

export function database(api: TestApi): DataSource {
  return api.app.get(DataSource);
}

export interface RenaperCheckRow {
  dni: string;
  sexo: string;
  step: string;
  polls: number;
  transient_failures: number;
  transaction_control_number: string | null;
  completed_at: Date | null;
}

export async function renaperCheckRows(api: TestApi, verificationId: string): Promise<RenaperCheckRow[]> {
  return database(api).query<RenaperCheckRow[]>(
    'SELECT dni, sexo, step, polls, transient_failures, transaction_control_number, completed_at FROM renaper_checks WHERE verification_id = $1',
    [verificationId],
  );
}

/**
 * Counts, in the suite's own database, every write that changes a verification's outcome (status,
 * match, warnings or double-check results), so a test can prove an outcome was written once.
 */
export async function countOutcomeWrites(api: TestApi): Promise<(verificationId: string) => Promise<number>> {
  const db = database(api);
  await db.query(
    'CREATE TABLE IF NOT EXISTS test_outcome_writes (verification_id uuid NOT NULL, status text NOT NULL, written_at timestamptz NOT NULL DEFAULT clock_timestamp())',
  );
  await db.query(`
    CREATE OR REPLACE FUNCTION test_record_outcome_write() RETURNS trigger AS $$
    BEGIN
      IF OLD.status IS DISTINCT FROM NEW.status OR OLD.match IS DISTINCT FROM NEW.match
         OR OLD.warnings IS DISTINCT FROM NEW.warnings OR OLD.response_double_checks IS DISTINCT FROM NEW.response_double_checks THEN
        INSERT INTO test_outcome_writes (verification_id, status) VALUES (NEW.id, NEW.status);
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await db.query('DROP TRIGGER IF EXISTS test_outcome_writes ON face_match_verifications');
  await db.query(
    'CREATE TRIGGER test_outcome_writes AFTER UPDATE ON face_match_verifications FOR EACH ROW EXECUTE FUNCTION test_record_outcome_write()',
  );
  return async (verificationId) => {
    const rows = await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM test_outcome_writes WHERE verification_id = $1', [
      verificationId,
    ]);
    return rows[0].n;
  };
}

/** The worker module in this process, on the environment the API left in process.env (plus `env`). */
/** The worker in this process; `clock` is the sessions' clock to share with the test API (`api.clock`). */
export async function startInProcessWorker(env: Record<string, string> = {}, clock?: Clock): Promise<INestApplicationContext> {
  Object.assign(process.env, env);
  resetEnvironmentCache();
  const worker = await NestFactory.createApplicationContext(WorkerModule.withClock(clock), { logger: false });
  await worker.init();
  return worker;
}

export interface SpawnedWorker {
  pid: number;
  /** Resolves once the worker logged that it is connected to Redis. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  output(): string;
  /** Sends `signal` to this process only (by its pid) and waits for it to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A real worker process (`node -r @swc-node/register apps/worker/src/main.ts`) on the current environment plus `env`. */
export function spawnWorker(env: Record<string, string> = {}): SpawnedWorker {
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${child.pid} did not connect within 45 s:\n${output.slice(-2000)}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker connected to Redis')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${child.pid} exited with ${code} before connecting:\n${output.slice(-2000)}`));
    });
  });
  ready.catch(() => undefined);
  return {
    pid: child.pid as number,
    ready,
    exited,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid as number, signal);
      await exited;
    },
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface OwnRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** A throw-away redis-server of this suite (no persistence), never the shared one on 6379. */
export async function startOwnRedis(port: number): Promise<OwnRedis> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`redis-server exited:\n${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid as number, 'SIGKILL');
      await exited;
    },
  };
}
