import { randomUUID } from 'node:crypto';
import { expect, jest } from '@jest/globals';
import { KycValidation } from '@app/audit';
import { DomainError } from '@app/core';
import { DNI_CARD, later } from '../testing/controller-fakes';
import {
  ADMIN,
  ControllerHarness,
  expectContractError,
  MEMBER,
  ORGANIZATION_ID,
  startControllerHarness,
} from '../testing/controller-harness';
import { SessionDocumentService } from './decision/session-document.service';
import { ValidationPresenter } from './validation-presenter';
import { ValidationsController } from './validations.controller';
import { ValidationsService } from './validations.service';

const ENTITY_ID = randomUUID();
function kycValidation(overrides: Partial<KycValidation> = {}): KycValidation {
  const at = new Date('2026-04-05T06:07:08Z');
  return Object.assign(
    new KycValidation(),
    {
      id: randomUUID(),
      organizationId: ORGANIZATION_ID,
      entityId: ENTITY_ID,
      integrationCode: 'global_gueno_validation_kyc',
      provider: 'self_hosted',
      sessionId: randomUUID(),
      sessionTokenHash: 'never-leaves',
      status: 'pending',
      isCurrent: true,
      webhookUrl: null,
      metadata: null,
      omitWarnings: [],
      callbackUrl: null,
      decision: null,
      documentReadingSealed: null,
      expiresAt: new Date('2026-04-12T06:07:08Z'),
      lastActivityAt: null,
      resolvedByUserId: null,
      resolutionReason: null,
      createdAt: at,
      updatedAt: at,
    } satisfies KycValidation,
    overrides,
  );
}

/** ValidationsService as the controller sees it. */
const service = {
  create: jest.fn<ValidationsService['create']>((_principal, input) =>
    later(() => ({
      validation: kycValidation({ entityId: input.entityId, metadata: input.metadata ?? null }),
      providerSessionUrl: 'https://kyc.example.test/kyc/session/token-once',
    })),
  ),
  findOne: jest.fn<ValidationsService['findOne']>((organizationId, id) => later(() => kycValidation({ id, organizationId }))),
  listForEntity: jest.fn<ValidationsService['listForEntity']>(() => later(() => ({ items: [kycValidation()], total: 21 }))),
  findCurrent: jest.fn<ValidationsService['findCurrent']>((_organizationId, entityId) => later(() => kycValidation({ entityId }))),
  cancel: jest.fn<ValidationsService['cancel']>((_principal, id) => later(() => kycValidation({ id, status: 'cancelled' }))),
  resolve: jest.fn<ValidationsService['resolve']>((_principal, id, input) =>
    later(() => kycValidation({ id, status: input.status, resolutionReason: input.reason })),
  ),
};

/** The card opened from a validation's sealed reading, faked: the presenter is real. */
const cards = { extractedData: jest.fn<SessionDocumentService['extractedData']>(() => DNI_CARD) };

describe('ValidationsController over HTTP (real guard, pipe, filter and presenter; the service faked)', () => {
  let http: ControllerHarness;

  beforeAll(async () => {
    http = await startControllerHarness(
      [ValidationsController],
      [ValidationPresenter, { provide: ValidationsService, useValue: service }, { provide: SessionDocumentService, useValue: cards }],
    );
  });

  afterAll(() => http.close());
  beforeEach(() => jest.clearAllMocks());

  const create = (payload: unknown, headers: Record<string, string> = ADMIN) =>
    http.inject({ method: 'POST', url: '/api/kyc/validations', headers, payload: payload as object });
  const get = (url: string) => http.inject({ method: 'GET', url: `/api/kyc/${url}`, headers: MEMBER });
  const resolve = (id: string, payload: unknown, headers: Record<string, string> = ADMIN) =>
    http.inject({ method: 'PATCH', url: `/api/kyc/validations/${id}/status`, headers, payload: payload as object });

  describe('POST /api/kyc/validations', () => {
    it('hands the caller and the validated body to the service and answers 201 with the session link, never the token hash', async () => {
      const body = {
        entityId: ENTITY_ID,
        webhookUrl: 'https://hooks.example.com/kyc',
        metadata: { ref: 'A-1' },
        omitWarnings: ['LOW_FACE_QUALITY'],
        callback: 'http://intranet/done',
      };
      const response = await create(body, MEMBER);
      expect(response.statusCode).toBe(201);
      const [principal, input] = service.create.mock.calls[0];
      expect(principal).toMatchObject({ organizationId: ORGANIZATION_ID, role: 'member' });
      expect({ ...input }).toEqual(body);
      expect(response.json()).toMatchObject({
        entityId: ENTITY_ID,
        status: 'pending',
        isCurrent: true,
        metadata: { ref: 'A-1' },
        providerSessionUrl: 'https://kyc.example.test/kyc/session/token-once',
      });
      expect(response.body).not.toMatch(/sessionTokenHash|never-leaves|documentReadingSealed/);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['no entityId', {}, /^entityId must be a UUID$/],
      ['an entityId that is no UUID', { entityId: 'customer-1' }, /^entityId must be a UUID$/],
      [
        'another integrationCode',
        { entityId: ENTITY_ID, integrationCode: 'other' },
        /^integrationCode must be "global_gueno_validation_kyc"$/,
      ],
      [
        'a webhookUrl without http(s)',
        { entityId: ENTITY_ID, webhookUrl: 'ftp://hooks.example.com' },
        /^webhookUrl must be an http\(s\) URL$/,
      ],
      ['a callback that is no URL', { entityId: ENTITY_ID, callback: 'done' }, /^callback must be an http\(s\) URL$/],
      ['metadata that is an array', { entityId: ENTITY_ID, metadata: [1, 2] }, /^metadata must be a JSON object$/],
      ['omitWarnings that is a string', { entityId: ENTITY_ID, omitWarnings: 'LOW_FACE_QUALITY' }, /omitWarnings must be an array/],
      ['an empty omitWarnings entry', { entityId: ENTITY_ID, omitWarnings: [''] }, /each value in omitWarnings must be longer than/],
      ['an unknown property', { entityId: ENTITY_ID, ttlHours: 1 }, /^property ttlHours should not exist$/],
      ['a NUL in the metadata', { entityId: ENTITY_ID, metadata: { ref: 'a\u0000' } }, /^metadata\.ref: must not contain NUL/],
    ])('refuses %s with 400 INVALID_REQUEST and never asks the service', async (_name, payload, message) => {
      expectContractError(await create(payload), 400, 'INVALID_REQUEST', message);
      expect(service.create).not.toHaveBeenCalled();
    });

    it.each([
      ['a JSON array', '[]', /^Send a JSON object as the body/],
      ['malformed JSON', '{"entityId":', /^The body is not valid JSON/],
    ])('refuses %s as the body', async (_name, payload, message) => {
      const response = await http.inject({
        method: 'POST',
        url: '/api/kyc/validations',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        payload,
      });
      expectContractError(response, 400, 'INVALID_REQUEST', message);
      expect(service.create).not.toHaveBeenCalled();
    });

    it.each<[string, DomainError, number]>([
      ['NOT_ENABLED', new DomainError('NOT_ENABLED', 'The kycValidation integration is disabled for this organization'), 403],
      ['NOT_CONFIGURED', new DomainError('NOT_CONFIGURED', 'The kycValidation integration needs a webhook secret'), 403],
      ['FORBIDDEN', new DomainError('FORBIDDEN', 'webhookUrl: a member key may only send events to a listed host'), 403],
      ['NOT_FOUND', DomainError.notFound(`Entity ${ENTITY_ID}`), 404],
      ['INVALID_REQUEST', DomainError.invalid('metadata must be at most 10240 bytes of JSON', { field: 'metadata' }), 400],
    ])('answers %s from the service in the contract shape', async (code, error, status) => {
      service.create.mockRejectedValueOnce(error);
      const body = expectContractError(await create({ entityId: ENTITY_ID }), status, code, new RegExp(`^${error.message}$`));
      expect(body.details).toEqual(error.details);
    });

    it('refuses a body without a key (401) before the service is asked', async () => {
      expectContractError(await create({ entityId: ENTITY_ID }, {}), 401, 'UNAUTHORIZED', /Authorization: Bearer/);
      expect(service.create).not.toHaveBeenCalled();
    });
  });

  describe('reading validations', () => {
    it('answers one validation of the organization with the card data in its decision', async () => {
      const id = randomUUID();
      service.findOne.mockResolvedValueOnce(
        kycValidation({ id, status: 'approved', decision: { status: 'approved', document: { warnings: [] } } }),
      );
      const response = await get(`validations/${id}`);
      expect(service.findOne).toHaveBeenCalledWith(ORGANIZATION_ID, id);
      expect(response.json()).toMatchObject({
        id,
        providerSessionUrl: null,
        decision: { document: { warnings: [], extractedData: DNI_CARD } },
      });
    });

    it('answers NOT_FOUND for malformed ids without asking the service', async () => {
      expectContractError(await get('validations/v-1'), 404, 'NOT_FOUND', /^Validation v-1 not found$/);
      expectContractError(await get('entities/e-1/validations'), 404, 'NOT_FOUND', /^Entity e-1 not found$/);
      expectContractError(await get('entities/e-1/current'), 404, 'NOT_FOUND', /^Entity e-1 not found$/);
      expect(service.findOne).not.toHaveBeenCalled();
      expect(service.listForEntity).not.toHaveBeenCalled();
      expect(service.findCurrent).not.toHaveBeenCalled();
    });

    it("lists an entity's validations with the default page, and the page asked for", async () => {
      const first = await get(`entities/${ENTITY_ID}/validations`);
      expect(first.json()).toMatchObject({ total: 21, page: 1, limit: 20, validations: [{ entityId: ENTITY_ID }] });
      await get(`entities/${ENTITY_ID}/validations?page=2&limit=5&status=in_review`);
      expect(service.listForEntity).toHaveBeenLastCalledWith(ORGANIZATION_ID, ENTITY_ID, { page: 2, limit: 5, status: 'in_review' });
    });

    it.each([
      ['page=0', /^page must be an integer from 1 to 1000$/],
      ['page=1001', /^page must be an integer from 1 to 1000$/],
      ['page=', /^page must be an integer from 1 to 1000$/],
      ['limit=101', /^limit must be an integer from 1 to 100$/],
      ['status=done', /^status must be one of pending, in_progress, in_review, approved, rejected, expired, abandoned, cancelled$/],
      ['offset=20', /^property offset should not exist$/],
    ])('refuses ?%s with 400 and asks the service nothing', async (query, message) => {
      expectContractError(await get(`entities/${ENTITY_ID}/validations?${query}`), 400, 'INVALID_REQUEST', message);
      expect(service.listForEntity).not.toHaveBeenCalled();
    });

    it("answers an entity's current validation, and NOT_FOUND when the service has none", async () => {
      expect((await get(`entities/${ENTITY_ID}/current`)).json()).toMatchObject({ entityId: ENTITY_ID, isCurrent: true });
      service.findCurrent.mockRejectedValueOnce(DomainError.notFound(`A current validation of entity ${ENTITY_ID}`));
      expectContractError(await get(`entities/${ENTITY_ID}/current`), 404, 'NOT_FOUND', /^A current validation of entity .* not found$/);
    });
  });

  describe('changing a validation', () => {
    it('cancels with 200 for any member, and answers CONFLICT from the service with 409', async () => {
      const id = randomUUID();
      const url = `/api/kyc/validations/${id}/cancel`;
      const response = await http.inject({ method: 'POST', url, headers: MEMBER });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id, status: 'cancelled' });
      expect(service.cancel.mock.calls[0]).toEqual([expect.objectContaining({ organizationId: ORGANIZATION_ID, role: 'member' }), id]);
      service.cancel.mockRejectedValueOnce(new DomainError('CONFLICT', 'Validation is approved; it cannot become cancelled'));
      expectContractError(await http.inject({ method: 'POST', url, headers: MEMBER }), 409, 'CONFLICT', /cannot become cancelled$/);
    });

    it('resolves with the admin, the id and the validated decision', async () => {
      const id = randomUUID();
      const response = await resolve(id, { status: 'rejected', reason: 'Document photo is of a screen' });
      expect(response.json()).toMatchObject({ id, status: 'rejected', resolutionReason: 'Document photo is of a screen' });
      const [principal, passedId, input] = service.resolve.mock.calls[0];
      expect([principal.role, passedId, { ...input }]).toEqual([
        'admin',
        id,
        { status: 'rejected', reason: 'Document photo is of a screen' },
      ]);
    });

    it('refuses a member with FORBIDDEN before reading the body', async () => {
      expectContractError(
        await resolve(randomUUID(), { status: 'nope' }, MEMBER),
        403,
        'FORBIDDEN',
        /needs the admin role; the key has member/,
      );
      expect(service.resolve).not.toHaveBeenCalled();
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['a status other than approved or rejected', { status: 'in_review', reason: 'x' }, /^status must be "approved" or "rejected"$/],
      ['no reason', { status: 'approved' }, /reason is required/],
      ['an empty reason', { status: 'approved', reason: '' }, /^reason is required$/],
      ['a reason over 1000 characters', { status: 'approved', reason: 'r'.repeat(1001) }, /reason must be shorter than or equal to 1000/],
    ])('refuses %s with 400 and never asks the service', async (_name, payload, message) => {
      expectContractError(await resolve(randomUUID(), payload), 400, 'INVALID_REQUEST', message);
      expect(service.resolve).not.toHaveBeenCalled();
    });

    it('answers NOT_FOUND for a malformed id and CONFLICT for a validation not in review', async () => {
      expectContractError(await resolve('v-1', { status: 'approved', reason: 'ok' }), 404, 'NOT_FOUND', /^Validation v-1 not found$/);
      service.resolve.mockRejectedValueOnce(new DomainError('CONFLICT', 'Validation is pending; it cannot become approved'));
      expectContractError(await resolve(randomUUID(), { status: 'approved', reason: 'ok' }), 409, 'CONFLICT', /is pending/);
    });
  });
});
