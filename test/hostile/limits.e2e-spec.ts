import { expect } from '@jest/globals';
import { BodyOrError, ErrorBody, json } from '../support/http';
import type { FaceMatchResponseDto, VerificationListResponseDto } from '../../apps/api/src/face-match/face-match.dto';
import type { KycSettingsResponseDto } from '../../apps/api/src/organizations/kyc-settings.dto';
import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { KycSettingsRepository } from '@app/audit';
import { QUEUES } from '@app/core';
import { FaceEngine } from '@app/face';
import { createApiApp } from '../../apps/api/src/app.factory';
import { startTestApi, TestApi, TestOrganization } from '../support/app';
import { REDIS_CONNECTION } from '@app/queue';
import { blankImage, buildFaceFixtures, FaceFixtures } from '../support/faces';
import { file, multipart } from '../support/multipart';
import { eventually, freePort, OwnRedis, startOwnRedis } from '../support/renaper';

type Headers = Record<string, string>;

async function get(app: NestFastifyApplication, url: string, headers: Headers, remoteAddress = '127.0.0.1') {
  return app.inject({ method: 'GET', url, headers, remoteAddress });
}

async function patchLimits(api: TestApi, org: TestOrganization, limits: Record<string, number | null>) {
  const response = await api.app.inject({
    method: 'PATCH',
    url: '/api/organizations/current/kyc-settings',
    headers: org.headers,
    payload: { limits },
  });
  expect(response.statusCode).toBe(200);
  return json<KycSettingsResponseDto>(response);
}

/** A token of the hosted page's shape that belongs to no session (what a guesser sends). */
function guessedToken(): string {
  return randomBytes(32).toString('base64url');
}

function expectRateLimitedBody(response: { statusCode: number; json(): unknown; headers: Record<string, unknown> }, limit: number) {
  expect(response.statusCode).toBe(429);
  expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', requestId: response.headers['x-request-id'] });
  expect(response.headers['ratelimit-limit']).toBe(String(limit));
  expect(response.headers['ratelimit-remaining']).toBe('0');
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.headers['ratelimit-reset']).toBe(String(retryAfter));
}

/**
 * Rate limits and quotas (issue 8, items 11 and 19) against the real API, PostgreSQL and Redis:
 * per-key request limits from the organization's settings with the RateLimit-* headers, a monthly
 * verification quota, counters shared by two API processes, organizations that never spend each
 * other's allowance, and the hosted page's per-IP limit that a rotated X-Forwarded-For cannot dodge.
 */
describe('Rate limits and quotas (TRUST_PROXY off, the default)', () => {
  let api: TestApi;
  let faces: FaceFixtures;

  beforeAll(async () => {
    api = await startTestApi('limits', {
      FACE_WORKERS: '1',
      HOSTED_RATE_LIMIT_PER_IP_PER_MINUTE: '5',
      HOSTED_RATE_LIMIT_PER_TOKEN_PER_MINUTE: '3',
    });
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
  });

  afterAll(() => api.close());

  it('reads and records the limits as KYC settings, admins only, with their defaults', async () => {
    const org = await api.createOrganization('Settings Co');
    const initial = await api.app.inject({ method: 'GET', url: '/api/organizations/current/kyc-settings', headers: org.headers });
    expect(json<KycSettingsResponseDto>(initial).limits).toEqual({ requestsPerMinute: null, monthlyVerificationQuota: null });

    const member = await org.memberHeaders();
    const byMember = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: member,
      payload: { limits: { requestsPerMinute: 1 } },
    });
    expect(byMember.statusCode).toBe(403);
    expect(json<ErrorBody>(byMember).code).toBe('FORBIDDEN');

    for (const bad of [
      { requestsPerMinute: 0 },
      { requestsPerMinute: 2.5 },
      { monthlyVerificationQuota: -1 },
      { requestsPerMinute: 'many' },
    ]) {
      const refused = await api.app.inject({
        method: 'PATCH',
        url: '/api/organizations/current/kyc-settings',
        headers: org.headers,
        payload: { limits: bad },
      });
      expect(refused.statusCode).toBe(400);
      expect(json<ErrorBody>(refused).code).toBe('INVALID_REQUEST');
      expect(json<ErrorBody>(refused).message).toMatch(/requestsPerMinute|monthlyVerificationQuota/);
    }

    const changed = await patchLimits(api, org, { requestsPerMinute: 120, monthlyVerificationQuota: 5000 });
    expect(changed.limits).toEqual({ requestsPerMinute: 120, monthlyVerificationQuota: 5000 });
    const cleared = await patchLimits(api, org, { monthlyVerificationQuota: null });
    expect(cleared.limits).toEqual({ requestsPerMinute: 120, monthlyVerificationQuota: null });

    const changes = await api.app.get(KycSettingsRepository).listChanges(org.organizationId, 10);
    expect(changes.map((change) => change.changes)).toEqual([
      { 'limits.monthlyVerificationQuota': { old: 5000, new: null } },
      { 'limits.requestsPerMinute': { old: null, new: 120 }, 'limits.monthlyVerificationQuota': { old: null, new: 5000 } },
    ]);
  });

  it("answers 429 RATE_LIMITED with Retry-After and RateLimit-* headers once a key passes its organization's limit", async () => {
    const org = await api.createOrganization('Limited Co');
    await patchLimits(api, org, { requestsPerMinute: 5 });
    const member = await org.memberHeaders();

    for (let i = 1; i <= 5; i += 1) {
      const allowed = await get(api.app, '/api/organizations/current', member);
      expect(allowed.statusCode).toBe(200);
      expect(allowed.headers['ratelimit-limit']).toBe('5');
      expect(allowed.headers['ratelimit-remaining']).toBe(String(5 - i));
      expect(Number(allowed.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    }
    expectRateLimitedBody(await get(api.app, '/api/organizations/current', member), 5);
    // Every route of the organization is counted, not only the one that was hammered.
    expectRateLimitedBody(await get(api.app, '/api/entities', member), 5);

    // The limit is per API key: the organization's admin key still works.
    expect((await get(api.app, '/api/organizations/current', org.headers)).statusCode).toBe(200);
  });

  it("never lets one organization's limit or traffic affect another's", async () => {
    const limited = await api.createOrganization('Tight Co');
    const other = await api.createOrganization('Roomy Co');
    await patchLimits(api, limited, { requestsPerMinute: 2 });
    const limitedMember = await limited.memberHeaders();
    for (let i = 0; i < 3; i += 1) await get(api.app, '/api/organizations/current', limitedMember);
    expect((await get(api.app, '/api/organizations/current', limitedMember)).statusCode).toBe(429);

    const otherMember = await other.memberHeaders();
    const answered = await get(api.app, '/api/organizations/current', otherMember);
    expect(answered.statusCode).toBe(200);
    expect(answered.headers['ratelimit-limit']).toBe('600');
    expect(answered.headers['ratelimit-remaining']).toBe('599');
  });

  it('counts in Redis, so two API processes share one allowance', async () => {
    const org = await api.createOrganization('Two Processes Co');
    await patchLimits(api, org, { requestsPerMinute: 4 });
    const member = await org.memberHeaders();
    // A second API built from the same environment: the same database and Redis prefix.
    const second = await createApiApp();
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    try {
      const statuses: number[] = [];
      for (const app of [api.app, second, api.app, second, api.app, second]) {
        statuses.push((await get(app, '/api/organizations/current', member)).statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await second.close();
    }
  });

  describe('monthly verification quota', () => {
    async function faceMatch(headers: Headers, fields: Record<string, ReturnType<typeof file> | string>) {
      const body = await multipart(fields);
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      });
      return { status: response.statusCode, body: json<BodyOrError<FaceMatchResponseDto>>(response), headers: response.headers };
    }

    it('refuses verifications past the quota with 403 QUOTA_EXCEEDED; refused calls and other routes do not count', async () => {
      const org = await api.createOrganization('Quota Co');
      await patchLimits(api, org, { monthlyVerificationQuota: 2 });

      // A call the service refuses (no selfie) gives its unit back.
      const invalid = await faceMatch(org.headers, { documentImage: file(faces.personADocument) });
      expect(invalid.status).toBe(400);
      // Reads are not verifications.
      for (let i = 0; i < 3; i += 1) expect((await get(api.app, '/api/kyc/face-match/verifications', org.headers)).statusCode).toBe(200);

      const first = await faceMatch(org.headers, { documentImage: file(faces.personADocument), selfieImage: file(faces.personA) });
      expect(first.status).toBe(200);
      const second = await faceMatch(org.headers, { documentImage: file(faces.personADocument), selfieImage: file(await blankImage()) });
      expect(second.status).toBe(200);

      const refused = await faceMatch(org.headers, { documentImage: file(faces.personADocument), selfieImage: file(faces.personA) });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'QUOTA_EXCEEDED', requestId: refused.headers['x-request-id'], details: { quota: 2 } });
      expect(refused.body.message).toMatch(/monthly verification quota \(2\)/);
      expect(new Date(refused.body.details?.resetsAt as string).getTime()).toBeGreaterThan(Date.now());

      // The refused call is not a verification: nothing was recorded for it.
      const listed = await get(api.app, '/api/kyc/face-match/verifications?limit=100', org.headers);
      expect(json<VerificationListResponseDto>(listed).verifications.filter((v) => v.status !== 'failed')).toHaveLength(2);

      // Raising the quota lets the organization go on at once.
      await patchLimits(api, org, { monthlyVerificationQuota: 3 });
      expect((await faceMatch(org.headers, { documentImage: file(faces.personADocument), selfieImage: file(faces.personA) })).status).toBe(
        200,
      );
    });

    it("keeps each organization's quota its own", async () => {
      const spent = await api.createOrganization('Spent Co');
      const fresh = await api.createOrganization('Fresh Co');
      await patchLimits(api, spent, { monthlyVerificationQuota: 0 });
      await patchLimits(api, fresh, { monthlyVerificationQuota: 1 });

      expect(
        (await faceMatch(spent.headers, { documentImage: file(faces.personADocument), selfieImage: file(faces.personA) })).status,
      ).toBe(403);
      expect(
        (await faceMatch(fresh.headers, { documentImage: file(faces.personADocument), selfieImage: file(faces.personA) })).status,
      ).toBe(200);
    });
  });

  describe('hosted page', () => {
    it('limits one client IP however it rotates X-Forwarded-For (TRUST_PROXY off)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const response = await get(
          api.app,
          `/kyc/session/${guessedToken()}/state`,
          { 'x-forwarded-for': `203.0.113.${i + 1}` },
          '127.0.0.2',
        );
        statuses.push(response.statusCode);
        if (response.statusCode === 429) expectRateLimitedBody(response, 5);
      }
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);

      // Another client (another socket address) is not affected.
      expect((await get(api.app, `/kyc/session/${guessedToken()}/state`, {}, '127.0.0.3')).statusCode).toBe(404);
    });

    it('limits one session token across client IPs', async () => {
      const token = guessedToken();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        statuses.push((await get(api.app, `/kyc/session/${token}/state`, {}, `127.0.1.${i + 1}`)).statusCode);
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
    });
  });
});

describe('Hosted page behind a trusted proxy (TRUST_PROXY lists it)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('limits-proxy', { TRUST_PROXY: '127.0.0.2', FACE_WORKERS: '1', HOSTED_RATE_LIMIT_PER_IP_PER_MINUTE: '3' });
  });

  afterAll(() => api.close());

  it('counts the client address the trusted proxy forwards, and ignores the header from anyone else', async () => {
    const viaProxy = (client: string) => get(api.app, `/kyc/session/${guessedToken()}/state`, { 'x-forwarded-for': client }, '127.0.0.2');
    // Distinct clients behind the proxy each get their own allowance.
    for (let i = 0; i < 5; i += 1) expect((await viaProxy(`198.51.100.${i + 1}`)).statusCode).toBe(404);
    // One client behind the proxy is limited.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await viaProxy('198.51.100.200')).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429]);

    // A peer that is not the proxy cannot choose its address with the header.
    const direct: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      direct.push(
        (await get(api.app, `/kyc/session/${guessedToken()}/state`, { 'x-forwarded-for': `198.51.100.${50 + i}` }, '127.0.0.9')).statusCode,
      );
    }
    expect(direct).toEqual([404, 404, 404, 429]);
  });
});

describe('Limits with Redis down (fail open, logged)', () => {
  let api: TestApi;
  let redis: OwnRedis;

  beforeAll(async () => {
    redis = await startOwnRedis(await freePort());
    api = await startTestApi('limits-redis-down', { REDIS_URL: redis.url, FACE_WORKERS: '1' });
  });

  afterAll(async () => {
    await api?.close();
    await redis?.stop();
  });

  it('keeps answering without limit headers while Redis is stopped', async () => {
    const org = await api.createOrganization('Outage Co');
    await patchLimits(api, org, { requestsPerMinute: 2, monthlyVerificationQuota: 0 });
    const member = await org.memberHeaders();
    const counted = await get(api.app, '/api/organizations/current', member);
    expect(counted.headers['ratelimit-limit']).toBe('2');

    await redis.stop();
    for (let i = 0; i < 4; i += 1) {
      const response = await get(api.app, '/api/organizations/current', member);
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-limit']).toBeUndefined();
    }

    // Redis back (empty: it keeps nothing on disk here): counting resumes by itself. The API's
    // queue connections reconnect too, so the app can close cleanly afterwards.
    redis = await startOwnRedis(redis.port);
    const connection = api.app.get<Redis>(REDIS_CONNECTION);
    const queue = api.app.get<Queue>(getQueueToken(QUEUES.renaper));
    await eventually(
      () =>
        Promise.all([connection.ping(), queue.getJobCounts()]).then(
          () => true,
          () => false,
        ),
      (reconnected) => reconnected,
      20_000,
      200,
    );
    const resumed = await get(api.app, '/api/organizations/current', member);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.headers['ratelimit-remaining']).toBe('1');
  });
});
