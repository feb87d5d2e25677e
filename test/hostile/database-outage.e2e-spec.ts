import { expect } from '@jest/globals';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { startTestApi, TestApi, TestOrganization } from '../support/app';
import { FaceEngine } from '@app/face';
import { buildFaceFixtures } from '../support/faces';
import { file, FormValue, multipart } from '../support/multipart';
import { OwnPostgres, startOwnPostgres } from '../support/own-postgres';
import { eventually } from '../support/renaper';

const ADMIN_TOKEN = 'operator-secret-database-outage';

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
  elapsedMs: number;
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path).map((inner) => join(name, inner)) : [name];
  });
}

/**
 * PostgreSQL stops under the API (its own cluster, started and stopped by this suite): calls are
 * refused fast with 503 SERVICE_UNAVAILABLE and Retry-After, readiness says so, nothing is left
 * half-written, and once the database is back the API serves again without a restart.
 */
describe('PostgreSQL outage', () => {
  let postgres: OwnPostgres;
  let api: TestApi;
  let org: TestOrganization;
  let form: Record<string, FormValue>;

  beforeAll(async () => {
    postgres = await startOwnPostgres();
    api = await startTestApi('database-outage', { ADMIN_TOKEN, DATABASE_CONNECT_TIMEOUT_MS: '1000' }, { databaseServerUrl: postgres.url });
    org = await api.createOrganization('Outage Co');
    const faces = await buildFaceFixtures(api.app.get(FaceEngine));
    form = { documentImage: file(faces.personADocument), selfieImage: file(faces.personA) };
  }, 180_000);

  afterAll(async () => {
    await postgres?.start().catch(() => undefined);
    await api?.close();
    await postgres?.destroy();
  });

  async function call(
    method: 'GET' | 'POST',
    url: string,
    fields?: Record<string, FormValue>,
    headers: Record<string, string> = org.headers,
  ): Promise<Answer> {
    const body = fields ? await multipart(fields) : undefined;
    const started = Date.now();
    const response = await api.app.inject({ method, url, headers: { ...headers, ...body?.headers }, payload: body?.payload });
    return { status: response.statusCode, headers: response.headers, body: response.json(), elapsedMs: Date.now() - started };
  }

  const faceMatch = () => call('POST', '/api/kyc/face-match', form);

  it('refuses calls with 503 within 2 s while the database is down, then serves again by itself with no orphaned image', async () => {
    expect((await faceMatch()).status).toBe(200);

    // Under traffic: face matches in flight while the cluster stops (open connections are terminated).
    const inFlight = Array.from({ length: 6 }, () => faceMatch());
    await postgres.stop();
    for (const answer of await Promise.all(inFlight)) {
      expect([200, 503]).toContain(answer.status);
      if (answer.status === 503) expect(answer.body.code).toBe('SERVICE_UNAVAILABLE');
    }

    for (const answer of [
      await call('GET', '/api/organizations/current'),
      await faceMatch(),
      await call('GET', '/api/kyc/face-match/verifications?limit=5'),
    ]) {
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringMatching(/database/i),
        requestId: answer.headers['x-request-id'],
      });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(answer.elapsedMs).toBeLessThan(2000);
    }

    const publicReady = await call('GET', '/health/ready', undefined, {});
    expect(publicReady.status).toBe(503);
    expect(publicReady.body).toEqual({ status: 'error' });
    const operatorReady = await call('GET', '/health/ready', undefined, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(operatorReady.status).toBe(503);
    expect(operatorReady.body).toMatchObject({ status: 'error', details: { database: { status: 'down' }, redis: { status: 'up' } } });

    await postgres.start();
    const back = await eventually(
      () => call('GET', '/api/organizations/current'),
      (answer) => answer.status !== 503,
      20_000,
      200,
    );
    expect(back.status).toBe(200);
    expect((await faceMatch()).body).toMatchObject({ status: 'approved' });
    expect((await call('GET', '/health/ready', undefined, {})).status).toBe(200);

    // Every stored image belongs to a written record and every written match has its images.
    const db = api.app.get(DataSource);
    const rows: { status: string; document_storage_path: string | null; selfie_storage_path: string | null }[] = await db.query(
      'SELECT status, document_storage_path, selfie_storage_path FROM face_match_verifications',
    );
    const recorded = rows
      .flatMap((row) => [row.document_storage_path, row.selfie_storage_path])
      .filter((path): path is string => path !== null);
    const stored = filesUnder(join(api.storageDir, 'organizations')).map((path) => relative('.', join('organizations', path)));
    expect(stored.sort()).toEqual(recorded.sort());
    for (const row of rows.filter((r) => r.status !== 'failed')) {
      expect(row.document_storage_path).not.toBeNull();
      expect(row.selfie_storage_path).not.toBeNull();
    }
  }, 120_000);
});
