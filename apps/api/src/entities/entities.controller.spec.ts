import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { EntityRepository } from '@app/audit';
import {
  ADMIN,
  ControllerHarness,
  expectContractError,
  MEMBER,
  ORGANIZATION_ID,
  OTHER_ORGANIZATION_ID,
  startControllerHarness,
  TWO_ORGANIZATIONS,
} from '../testing/controller-harness';
import { FakeEntityRepository } from '../testing/fake-entity.repository';
import { BiometricErasureService } from './biometric-erasure.service';
import { EntitiesController } from './entities.controller';
import { EntitiesService } from './entities.service';

describe('EntitiesController over HTTP (real guard, pipe and filter; entities in memory)', () => {
  let http: ControllerHarness;
  let repository: FakeEntityRepository;
  const erased: Array<[string, string]> = [];

  beforeAll(async () => {
    repository = new FakeEntityRepository();
    const erasure = {
      eraseForEntity: (organizationId: string, entityId: string) => {
        erased.push([organizationId, entityId]);
        return Promise.resolve({
          entityId,
          verifications: 1,
          images: 2,
          validations: 0,
          templates: 0,
          livenessChecks: 0,
          idVerifications: 0,
        });
      },
    };
    http = await startControllerHarness(
      [EntitiesController],
      [EntitiesService, { provide: EntityRepository, useValue: repository }, { provide: BiometricErasureService, useValue: erasure }],
    );
  });

  afterAll(() => http.close());

  const post = (payload: unknown, headers: Record<string, string> = ADMIN) =>
    http.inject({ method: 'POST', url: '/api/entities', headers, payload: payload as object });

  describe('POST /api/entities', () => {
    it('creates a person for the caller’s organization and answers it', async () => {
      const response = await post({ type: 'person', externalId: 'c-1', person: { idNumber: '12345678', gender: 'F' } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        organizationId: ORGANIZATION_ID,
        type: 'person',
        externalId: 'c-1',
        person: { idNumber: '12345678' },
      });
      expect(repository.rows.at(-1)?.organizationId).toBe(ORGANIZATION_ID);
    });

    it.each<[string, unknown, RegExp]>([
      ['a missing type', {}, /^type must be "person"$/],
      ['another type', { type: 'company' }, /^type must be "person"$/],
      ['an unknown property', { type: 'person', nickname: 'x' }, /^property nickname should not exist$/],
      ['an empty externalId', { type: 'person', externalId: '' }, /externalId must be longer than or equal to 1 characters/],
      ['a numeric taxId', { type: 'person', taxId: 27123456784 }, /taxId must be a string/],
      ['a name over 400 characters', { type: 'person', name: 'a'.repeat(401) }, /name must be shorter than or equal to 400 characters/],
      ['a gender outside M, F, X', { type: 'person', person: { gender: 'Q' } }, /^person\.gender must be M, F or X$/],
      ['a date of birth that is no date', { type: 'person', person: { dateOfBirth: '31/12/1990' } }, /^person\.dateOfBirth must be a date/],
      ['an unknown person property', { type: 'person', person: { shoeSize: 42 } }, /property shoeSize should not exist/],
      ['a NUL in name (PostgreSQL refuses it)', { type: 'person', name: 'Ana\u0000' }, /^name: must not contain NUL/],
      ['a NUL in person.idNumber', { type: 'person', person: { idNumber: '12\u0000345678' } }, /^person\.idNumber: must not contain NUL/],
      ['a lone surrogate in name', { type: 'person', name: 'half \ud800 a pair' }, /^name: must be valid Unicode/],
    ])('refuses %s with 400 INVALID_REQUEST naming the field', async (_name, payload, message) => {
      const before = repository.rows.length;
      expectContractError(await post(payload), 400, 'INVALID_REQUEST', message);
      expect(repository.rows).toHaveLength(before);
    });

    it('names every bad field in one answer', async () => {
      const body = expectContractError(await post({ type: 'robot', externalId: '' }), 400, 'INVALID_REQUEST', /type must be "person"/);
      expect(body.message).toMatch(/externalId must be longer/);
      expect(body.details).toEqual({ fields: ['type', 'externalId'] });
    });

    it.each([
      ['null', 'null', 'application/json'],
      ['an array', '[{"type":"person"}]', 'application/json'],
      ['a string', '"person"', 'application/json'],
      ['text/plain', 'type=person', 'text/plain'],
    ])('refuses %s as the body', async (_name, payload, contentType) => {
      const response = await http.inject({
        method: 'POST',
        url: '/api/entities',
        headers: { ...ADMIN, 'content-type': contentType },
        payload,
      });
      expectContractError(response, 400, 'INVALID_REQUEST', /^Send a JSON object as the body/);
    });

    it('refuses malformed JSON with the contract error, not a 500', async () => {
      const response = await http.inject({
        method: 'POST',
        url: '/api/entities',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        payload: '{"type": "person",',
      });
      expectContractError(response, 400, 'INVALID_REQUEST', /JSON/);
    });

    it('answers CONFLICT for an externalId the organization already has', async () => {
      await post({ type: 'person', externalId: 'dup' });
      expectContractError(await post({ type: 'person', externalId: 'dup' }), 409, 'CONFLICT', /^externalId already exists/);
    });
  });

  describe('credentials', () => {
    it.each([
      ['no Authorization header', {}, /Authorization: Bearer/],
      ['an unknown key', { authorization: 'Bearer kyc_not_a_real_key' }, /not valid or was revoked/],
      ['the Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }, /Authorization: Bearer/],
      ['an empty Bearer', { authorization: 'Bearer ' }, /Authorization: Bearer/],
    ])('refuses a body with %s before using it (401)', async (_name, headers, message) => {
      const before = repository.rows.length;
      expectContractError(await post({ type: 'person', name: 'x' }, headers), 401, 'UNAUTHORIZED', message);
      expect(repository.rows).toHaveLength(before);
    });

    it('refuses a GET without a key too', async () => {
      expectContractError(await http.inject({ method: 'GET', url: '/api/entities' }), 401, 'UNAUTHORIZED', /Authorization: Bearer/);
    });

    it('asks a key of several organizations which one it acts for, and checks it may', async () => {
      expectContractError(
        await http.inject({ method: 'GET', url: '/api/entities', headers: TWO_ORGANIZATIONS }),
        400,
        'INVALID_REQUEST',
        /send X-Organization-Id/,
      );
      const chosen = await http.inject({
        method: 'GET',
        url: '/api/entities',
        headers: { ...TWO_ORGANIZATIONS, 'x-organization-id': OTHER_ORGANIZATION_ID },
      });
      expect(chosen.statusCode).toBe(200);
      expectContractError(
        await http.inject({ method: 'GET', url: '/api/entities', headers: { ...ADMIN, 'x-organization-id': OTHER_ORGANIZATION_ID } }),
        403,
        'FORBIDDEN',
        /cannot act for the organization/,
      );
      expectContractError(
        await http.inject({ method: 'GET', url: '/api/entities', headers: { ...ADMIN, 'x-organization-id': 'acme' } }),
        400,
        'INVALID_REQUEST',
        /^X-Organization-Id must be a UUID$/,
      );
    });
  });

  describe('GET /api/entities', () => {
    it('lists only the organization’s entities with the default page', async () => {
      await repository.create(OTHER_ORGANIZATION_ID, { type: 'person', externalId: 'theirs' });
      const response = await http.inject({ method: 'GET', url: '/api/entities', headers: ADMIN });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ entities: Array<{ organizationId: string }>; pagination: unknown }>();
      expect(body.pagination).toEqual({
        limit: 50,
        offset: 0,
        total: repository.rows.filter((r) => r.organizationId === ORGANIZATION_ID).length,
      });
      expect(body.entities.map((e) => e.organizationId)).not.toContain(OTHER_ORGANIZATION_ID);
    });

    it('filters by externalId and reads limit and offset as numbers', async () => {
      const response = await http.inject({ method: 'GET', url: '/api/entities?externalId=c-1&limit=5&offset=0', headers: ADMIN });
      expect(response.json()).toMatchObject({ entities: [{ externalId: 'c-1' }], pagination: { limit: 5, offset: 0, total: 1 } });
    });

    it.each([
      ['offset=99999999999999999999', /^offset must be an integer from 0 to 100000$/],
      ['offset=100001', /^offset must be an integer from 0 to 100000$/],
      ['offset=-1', /^offset must be an integer from 0 to 100000$/],
      ['offset=1e3', /^offset must be an integer/],
      ['offset=', /^offset must be an integer from 0 to 100000$/],
      ['limit=abc', /^limit must be an integer from 1 to 100$/],
      ['limit=%20', /^limit must be an integer/],
      ['limit=0', /^limit must be an integer from 1 to 100$/],
      ['limit=101', /^limit must be an integer from 1 to 100$/],
      ['limit=2.5', /^limit must be an integer from 1 to 100$/],
      ['limit=10&limit=20', /^limit must be an integer/],
      ['taxId=2728%0045671', /^taxId: must not contain NUL/],
      ['externalId=%00', /^externalId: must not contain NUL/],
      ['sort=name', /^property sort should not exist$/],
    ])('refuses ?%s with 400', async (query, message) => {
      expectContractError(
        await http.inject({ method: 'GET', url: `/api/entities?${query}`, headers: ADMIN }),
        400,
        'INVALID_REQUEST',
        message,
      );
    });

    it('answers the deepest allowed page', async () => {
      const response = await http.inject({ method: 'GET', url: '/api/entities?offset=100000&limit=100', headers: ADMIN });
      expect(response.statusCode).toBe(200);
      expect(response.json<{ pagination: unknown }>().pagination).toMatchObject({ offset: 100000, limit: 100 });
    });
  });

  describe('one entity', () => {
    it('answers NOT_FOUND for a malformed id, another organization’s entity and an unknown one', async () => {
      const theirs = await repository.create(OTHER_ORGANIZATION_ID, { type: 'person' });
      expectContractError(
        await http.inject({ method: 'GET', url: '/api/entities/not-a-uuid', headers: ADMIN }),
        404,
        'NOT_FOUND',
        /^Entity not-a-uuid not found$/,
      );
      expectContractError(
        await http.inject({ method: 'GET', url: `/api/entities/${theirs.id}`, headers: ADMIN }),
        404,
        'NOT_FOUND',
        /^Entity .* not found$/,
      );
      expectContractError(
        await http.inject({ method: 'GET', url: `/api/entities/${randomUUID()}`, headers: ADMIN }),
        404,
        'NOT_FOUND',
        /not found$/,
      );
    });

    it('changes an entity, refuses an empty change and a NUL in externalId', async () => {
      const mine = await repository.create(ORGANIZATION_ID, { type: 'person' });
      const url = `/api/entities/${mine.id}`;
      const changed = await http.inject({ method: 'PATCH', url, headers: ADMIN, payload: { name: 'Ana' } });
      expect(changed.json()).toMatchObject({ id: mine.id, name: 'Ana' });
      expectContractError(
        await http.inject({ method: 'PATCH', url, headers: ADMIN, payload: {} }),
        400,
        'INVALID_REQUEST',
        /^Nothing to change/,
      );
      expectContractError(
        await http.inject({ method: 'PATCH', url, headers: ADMIN, payload: { externalId: 'a\u0000b' } }),
        400,
        'INVALID_REQUEST',
        /^externalId: must not contain NUL/,
      );
    });

    it('erases biometrics for admins only, in the caller’s organization', async () => {
      const mine = await repository.create(ORGANIZATION_ID, { type: 'person' });
      const url = `/api/entities/${mine.id}/biometrics`;
      expectContractError(await http.inject({ method: 'DELETE', url, headers: MEMBER }), 403, 'FORBIDDEN', /admin role/);
      expect(erased).toEqual([]);
      const response = await http.inject({ method: 'DELETE', url, headers: ADMIN });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ entityId: mine.id, images: 2 });
      expect(erased).toEqual([[ORGANIZATION_ID, mine.id]]);
    });
  });

  describe('paths', () => {
    it("answers a 5 KB path segment with the contract error, not Fastify's 414", async () => {
      const body = expectContractError(
        await http.inject({ method: 'PATCH', url: `/api/entities/${'b'.repeat(5000)}`, headers: ADMIN }),
        400,
        'INVALID_REQUEST',
        /^A path segment \(an id or a session token\) is longer than 100 characters$/,
      );
      expect(body.message).not.toContain('bbbb');
    });

    it('answers a malformed percent-encoding and an unknown route in the contract shape', async () => {
      expectContractError(
        await http.inject({ method: 'GET', url: '/api/entities/%zz', headers: ADMIN }),
        400,
        'INVALID_REQUEST',
        /URL is malformed/,
      );
      expectContractError(await http.inject({ method: 'GET', url: '/api/nothing-here', headers: ADMIN }), 404, 'NOT_FOUND', /nothing-here/);
    });

    it('keeps a well-formed X-Request-Id and replaces a malformed one', async () => {
      const good = await http.inject({ method: 'GET', url: '/api/nothing', headers: { ...ADMIN, 'x-request-id': 'client-req-12345' } });
      expect(expectContractError(good, 404, 'NOT_FOUND', /nothing/).requestId).toBe('client-req-12345');
      const bad = await http.inject({ method: 'GET', url: '/api/nothing', headers: { ...ADMIN, 'x-request-id': 'bad id with spaces' } });
      expect(bad.headers['x-request-id']).not.toBe('bad id with spaces');
    });
  });
});
