import { expect } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSourceOptions, OrganizationRepository, openDataSource } from '@app/audit';
import { FaceEngine } from '@app/face';
import { REAL_MODELS_CONFIG } from '@app/face/engine/testing/real-models';
import { createTestDatabase, TestDatabase } from '../support/database';
import { buildFaceFixtures } from '../support/faces';
import { file, multipart, MultipartBody } from '../support/multipart';
import { eventually, freePort } from '../support/renaper';

const REPO_ROOT = join(__dirname, '..', '..');
const IN_FLIGHT = 20;

interface Answer {
  status: number;
  body: string;
  connection: string | undefined;
  /** Whether the answer arrived after the process said it was shutting down. */
  afterSignal: boolean;
}

/**
 * The real API process (main.ts, its signal handling included) gets SIGTERM with face matches in
 * flight on keep-alive connections: every one is answered, those answered during the shutdown say
 * `Connection: close`, and the process exits 0 without waiting out its grace period.
 */
describe('SIGTERM with keep-alive clients', () => {
  let database: TestDatabase;
  let storageDir: string;
  let child: ChildProcess;
  let output = '';
  let url: string;
  let apiKey: string;
  let body: MultipartBody;

  beforeAll(async () => {
    database = await createTestDatabase('graceful-shutdown');
    storageDir = mkdtempSync(join(tmpdir(), 'kyc-graceful-shutdown-'));
    const { dataSource } = await openDataSource(createDataSourceOptions(database.url));
    try {
      apiKey = (await new OrganizationRepository(dataSource).createWithAdminKey('Shutdown Co')).apiKey;
    } finally {
      await dataSource.destroy();
    }
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        DATABASE_MIGRATE_ON_START: 'false',
        STORAGE_DIR: storageDir,
        REDIS_PREFIX: `kyc-test-graceful-shutdown-${process.pid}`,
        FACE_WORKERS: '2',
        FACE_QUEUE_LIMIT: String(IN_FLIGHT * 2),
        // Code compiled on first use (swc) stalls this process's loop: no pressure 503s in a shutdown test.
        PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
        PRESSURE_MAX_HEAP_USED_MB: '0',
        PRESSURE_MAX_RSS_MB: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      () =>
        fetch(`${url}/health/ready`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200 || child.exitCode !== null,
      90_000,
      250,
    );
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output.slice(-3000)}`);

    // Fixtures from the sample photo, located with an engine of this process.
    const engine = new FaceEngine({ ...REAL_MODELS_CONFIG, workers: 1 });
    await engine.start();
    try {
      const faces = await buildFaceFixtures(engine);
      body = await multipart({ documentImage: file(faces.personADocument), selfieImage: file(faces.group) });
    } finally {
      await engine.close();
    }
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid as number, 'SIGKILL');
      await exited;
    }
    await database?.drop();
    if (storageDir) rmSync(storageDir, { recursive: true, force: true });
  });

  function post(agent: Agent): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${url}/api/kyc/face-match`,
        {
          method: 'POST',
          agent,
          headers: { authorization: `Bearer ${apiKey}`, ...body.headers, 'content-length': String(body.payload.length) },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: text,
              connection: response.headers.connection,
              afterSignal: output.includes('SIGTERM received'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body.payload);
    });
  }

  it('answers every request, those answered during the shutdown with Connection: close, and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    try {
      const answers = Array.from({ length: IN_FLIGHT }, () => post(agent));
      // Once the first answer is back the others are still queued or running: shut down now.
      await Promise.race(answers);
      process.kill(child.pid as number, 'SIGTERM');
      const settled = await Promise.all(answers);
      // A request the server had not yet read when the signal came is refused, not dropped.
      for (const answer of settled.filter((a) => a.status !== 200)) {
        expect(answer.status).toBe(503);
        expect(JSON.parse(answer.body)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/shutting down/) });
      }
      const late = settled.filter((answer) => answer.afterSignal);
      expect(late.length).toBeGreaterThanOrEqual(1);
      for (const answer of late) expect(answer.connection).toBe('close');
      // Work already running when the signal came is finished, not cut.
      expect(late.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(1);
      expect(await exited).toBe(0);
      expect(output).not.toMatch(/shutdown took longer/);
    } finally {
      agent.destroy();
    }
  }, 90_000);
});
