import { expect } from '@jest/globals';
import { BodyOrError, json } from '../support/http';
import type { FaceMatchResponseDto } from '../../apps/api/src/face-match/face-match.dto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FaceEngine } from '@app/face';
import { startTestApi, TestApi, TestOrganization } from '../support/app';
import { buildFaceFixtures } from '../support/faces';
import { file, FormValue, multipart } from '../support/multipart';
import { eventually } from '../support/renaper';

const ADMIN_TOKEN = 'operator-secret-availability';
const operator = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Bounded under a flood: the face queue refuses what it cannot serve soon, health stays cheap and says little. */
describe('availability: face queue limit, health for the public and for operators', () => {
  let api: TestApi;
  let org: TestOrganization;
  let form: Record<string, FormValue>;

  beforeAll(async () => {
    // One thread and room for one request's two images: a burst must be refused, not queued.
    api = await startTestApi('availability', { ADMIN_TOKEN, FACE_WORKERS: '1', FACE_QUEUE_LIMIT: '2' });
    org = await api.createOrganization('Flood Co');
    const faces = await buildFaceFixtures(api.app.get(FaceEngine));
    form = { documentImage: file(faces.personADocument), selfieImage: file(faces.personA) };
  }, 120_000);

  afterAll(() => api?.close());

  async function faceMatch() {
    const body = await multipart(form);
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/kyc/face-match',
      headers: { ...org.headers, ...body.headers },
      payload: body.payload,
    });
    return { status: response.statusCode, headers: response.headers, body: json<BodyOrError<FaceMatchResponseDto>>(response) };
  }

  it('refuses face matches beyond the queue limit at once with 503, Retry-After and an audit row, and serves the others', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => faceMatch()));
    const accepted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 503);
    expect(accepted.length + refused.length).toBe(answers.length);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const answer of accepted) expect(answer.body.status).toBe('approved');
    for (const answer of refused) {
      expect(answer.body).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringMatching(/capacity/),
        requestId: answer.headers['x-request-id'],
      });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }

    const rows: { request_id: string; status: string; details: { code?: string } | null; document_storage_path: string | null }[] =
      await api.app
        .get(DataSource)
        .query('SELECT request_id, status, details, document_storage_path FROM face_match_verifications WHERE organization_id = $1', [
          org.organizationId,
        ]);
    const refusedIds = refused.map((a) => a.body.requestId);
    const refusedRows = rows.filter((row) => refusedIds.includes(row.request_id));
    expect(refusedRows).toHaveLength(refused.length);
    for (const row of refusedRows) {
      expect(row).toMatchObject({ status: 'failed', details: { code: 'SERVICE_UNAVAILABLE' }, document_storage_path: null });
    }
    // Only the accepted calls stored images.
    const stored = readdirSync(join(api.storageDir, 'organizations', org.organizationId, 'face-match'));
    expect(stored).toHaveLength(accepted.length);

    // Once the burst has drained, the same call is served.
    expect((await faceMatch()).status).toBe(200);
  });

  it('tells the public only up or down, and operators every detail', async () => {
    const anonymous = await api.app.inject({ method: 'GET', url: '/health/ready' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ status: 'ok' });

    const organizationAdmin = await api.app.inject({ method: 'GET', url: '/health/ready', headers: org.headers });
    expect(organizationAdmin.json()).toEqual({ status: 'ok' });

    const wrongToken = await api.app.inject({
      method: 'GET',
      url: '/health/ready',
      headers: { authorization: 'Bearer operator-secret-availabilitX' },
    });
    expect(wrongToken.json()).toEqual({ status: 'ok' });

    const forOperator = await api.app.inject({ method: 'GET', url: '/health/ready', headers: operator });
    expect(forOperator.json()).toMatchObject({
      status: 'ok',
      details: {
        database: { status: 'up' },
        redis: { status: 'up' },
        models: { status: 'up', queuedImages: 0, reservedImages: 0 },
        queues: { status: 'up' },
      },
    });
  });

  it('serves the event-loop window to operators only, so nobody else can reset it', async () => {
    const anonymous = await api.app.inject({ method: 'GET', url: '/health/event-loop' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({
      code: 'UNAUTHORIZED',
      message: expect.stringMatching(/ADMIN_TOKEN/),
      requestId: anonymous.headers['x-request-id'],
    });
    expect((await api.app.inject({ method: 'GET', url: '/health/event-loop', headers: org.headers })).statusCode).toBe(401);

    const report = await api.app.inject({ method: 'GET', url: '/health/event-loop', headers: operator });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toEqual({
      sinceMs: expect.any(Number),
      p50Ms: expect.any(Number),
      p99Ms: expect.any(Number),
      maxMs: expect.any(Number),
    });
  });
});

describe('availability: a saturated process answers 503 except to its health checks', () => {
  let api: TestApi;
  let org: TestOrganization;

  beforeAll(async () => {
    // A heap limit any running process is above: the guard trips on its first sample.
    api = await startTestApi('under-pressure', { FACE_WORKERS: '1', PRESSURE_MAX_HEAP_USED_MB: '1' });
    org = await api.createOrganization('Pressure Co');
  }, 120_000);

  afterAll(() => api?.close());

  it('refuses work with the contract body and Retry-After while /health and /health/ready still answer', async () => {
    const refused = await eventually(
      () => api.app.inject({ method: 'GET', url: '/api/organizations/current', headers: org.headers }),
      (response) => response.statusCode === 503,
      10_000,
      100,
    );
    expect(refused.json()).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(/overloaded/),
      requestId: refused.headers['x-request-id'],
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    expect((await api.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });
});
