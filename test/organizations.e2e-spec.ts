import { expect } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { EntityListResponseDto, EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { KycSettingsResponseDto } from '../apps/api/src/organizations/kyc-settings.dto';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { ErrorBody, json } from './support/http';

describe('organizations, KYC settings, entities, auth and errors', () => {
  let api: TestApi;
  let org: TestOrganization;

  beforeAll(async () => {
    api = await startTestApi('organizations');
    org = await api.createOrganization('Acme Bank');
  });

  afterAll(() => api.close());

  const get = (url: string, headers: Record<string, string> = org.headers) => api.app.inject({ method: 'GET', url, headers });
  const send = (method: 'POST' | 'PATCH', url: string, payload: unknown, headers: Record<string, string> = org.headers) =>
    api.app.inject({ method, url, headers, payload: payload as Record<string, unknown> });

  it('returns the current organization', async () => {
    const response = await get('/api/organizations/current');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: org.organizationId, name: 'Acme Bank' });
  });

  it('serves default settings and never returns secrets', async () => {
    const patched = await send('PATCH', '/api/organizations/current/kyc-settings', {
      kycValidation: { webhookSecret: 'a-very-long-webhook-secret' },
      renaper: { username: 'svc', password: 'hunter2', baseUrl: 'http://127.0.0.1:4010' },
    });
    expect(patched.statusCode).toBe(200);
    const body = json<KycSettingsResponseDto>(await get('/api/organizations/current/kyc-settings'));
    expect(body).toEqual({
      faceMatch: { enabled: true, scoreDeclineThreshold: 30 },
      kycValidation: {
        enabled: false,
        webhookUrl: null,
        webhookSecretConfigured: true,
        sessionTtlHours: 168,
        allowSelfieUpload: false,
        webhookAllowedHosts: [],
      },
      renaper: {
        dataEnrichmentEnabled: false,
        validateDniEnrichmentEnabled: false,
        baseUrl: 'http://127.0.0.1:4010',
        username: 'svc',
        credentialsConfigured: true,
      },
      limits: { requestsPerMinute: null, monthlyVerificationQuota: null },
      liveness: { enabled: false, biometricCheckDefault: false },
      idVerification: { enabled: false },
      documentReading: { requireReadableBarcode: false },
    });
    expect(JSON.stringify(body)).not.toMatch(/hunter2|a-very-long-webhook-secret/);
  });

  it('lets only admins change settings', async () => {
    const member = await org.memberHeaders();
    expect((await get('/api/organizations/current/kyc-settings', member)).statusCode).toBe(200);
    const response = await send('PATCH', '/api/organizations/current/kyc-settings', { faceMatch: { scoreDeclineThreshold: 10 } }, member);
    expect(response.statusCode).toBe(403);
    expect(json<ErrorBody>(response).code).toBe('FORBIDDEN');
  });

  it('validates settings', async () => {
    for (const payload of [
      { faceMatch: { scoreDeclineThreshold: 101 } },
      { kycValidation: { webhookUrl: 'not a url' } },
      { faceMatch: { enabled: 'yes' } },
      { liveness: { enabled: 'yes' } },
      { documentReading: { requireReadableBarcode: 'yes' } },
      { documentReading: { requireReadableBarcode: null } },
      {},
      { unknown: 1 },
    ]) {
      const response = await send('PATCH', '/api/organizations/current/kyc-settings', payload);
      expect([JSON.stringify(payload), response.statusCode, json<ErrorBody>(response).code]).toEqual([
        JSON.stringify(payload),
        400,
        'INVALID_REQUEST',
      ]);
    }
  });

  it('creates, finds, lists and updates entities; duplicates conflict; other organizations see nothing', async () => {
    const created = await send('POST', '/api/entities', {
      type: 'person',
      externalId: 'c-1',
      taxId: '20123456789',
      person: { firstName: 'Ana', idNumber: '12345678', gender: 'F' },
    });
    expect(created.statusCode).toBe(201);
    const entity = json<EntityResponseDto>(created);
    expect(entity).toMatchObject({ type: 'person', externalId: 'c-1', taxId: '20123456789', person: { firstName: 'Ana', gender: 'F' } });

    const duplicate = await send('POST', '/api/entities', { type: 'person', externalId: 'c-1' });
    expect([duplicate.statusCode, json<ErrorBody>(duplicate).code]).toEqual([409, 'CONFLICT']);

    await send('POST', '/api/entities', { type: 'person', externalId: 'c-2' });
    const byExternal = json<EntityListResponseDto>(await get('/api/entities?externalId=c-1'));
    expect(byExternal.entities.map((e) => e.id)).toEqual([entity.id]);
    expect(json<EntityListResponseDto>(await get('/api/entities?limit=1&offset=0')).pagination).toEqual({ limit: 1, offset: 0, total: 2 });

    const updated = await send('PATCH', `/api/entities/${entity.id}`, { name: 'Ana Pérez' });
    expect(updated.json()).toMatchObject({ id: entity.id, name: 'Ana Pérez', externalId: 'c-1' });

    const other = await api.createOrganization();
    expect((await get(`/api/entities/${entity.id}`, other.headers)).statusCode).toBe(404);
    expect((await send('PATCH', `/api/entities/${entity.id}`, { name: 'x' }, other.headers)).statusCode).toBe(404);
    expect(json<EntityListResponseDto>(await get('/api/entities', other.headers)).pagination.total).toBe(0);
    // The same externalId is free in another organization.
    expect((await send('POST', '/api/entities', { type: 'person', externalId: 'c-1' }, other.headers)).statusCode).toBe(201);
  });

  it('refuses invalid entities with a reason', async () => {
    const response = await send('POST', '/api/entities', { type: 'company', person: { gender: 'Q' } });
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).message).toMatch(/type must be "person"/);
    expect(json<ErrorBody>(response).message).toMatch(/person.gender must be M, F or X/);
  });

  it('answers 401 without a key or with a bad one, and takes X-Organization-Id', async () => {
    expect(json<ErrorBody>(await get('/api/organizations/current', {})).code).toBe('UNAUTHORIZED');
    expect((await get('/api/organizations/current', { authorization: 'Bearer nope' })).statusCode).toBe(401);
    expect((await get('/api/organizations/current', { authorization: 'Basic abc' })).statusCode).toBe(401);
    const withHeader = await get('/api/organizations/current', { ...org.headers, 'x-organization-id': org.organizationId });
    expect(withHeader.statusCode).toBe(200);
    const other = await api.createOrganization();
    const foreign = await get('/api/organizations/current', { ...org.headers, 'x-organization-id': other.organizationId });
    expect(foreign.statusCode).toBe(403);
  });

  it('answers every error in the contract shape with a request id, and echoes a well-formed X-Request-Id', async () => {
    const notFound = await get('/api/nothing-here');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toEqual({ code: 'NOT_FOUND', message: expect.any(String), requestId: notFound.headers['x-request-id'] });

    const malformed = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: { ...org.headers, 'content-type': 'application/json' },
      payload: '{"type":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(json<ErrorBody>(malformed).code).toBe('INVALID_REQUEST');

    const echoed = await get('/health', { 'x-request-id': 'client-trace-0001' });
    expect(echoed.headers['x-request-id']).toBe('client-trace-0001');
    const replaced = await get('/health', { 'x-request-id': 'bad id with spaces' });
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('reports liveness and readiness of database, Redis and models', async () => {
    expect((await get('/health', {})).json()).toEqual({ status: 'ok' });
    const ready = await get('/health/ready', {});
    expect(ready.statusCode).toBe(200);
    // Public readiness says up or down only; the details are for operators (test/hostile/availability.e2e-spec.ts).
    expect(ready.json()).toEqual({ status: 'ok' });
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    const ui = await get('/docs', {});
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toMatch(/swagger/i);
    const document = json<OpenAPIObject>(await get('/docs-json', {}));
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/kyc/face-match',
        '/api/kyc/face-match/verifications/{id}',
        '/api/entities',
        '/api/kyc/liveness',
        '/api/kyc/liveness/checks/{id}',
      ]),
    );
  });
});
