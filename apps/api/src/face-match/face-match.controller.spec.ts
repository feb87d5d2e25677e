import { randomUUID } from 'node:crypto';
import { expect, jest } from '@jest/globals';
import { FaceMatchVerification, OrganizationKycSettings } from '@app/audit';
import { DomainError, ServiceUnavailableError } from '@app/core';
import { file, multipart } from '../../../../test/support/multipart';
import { valueOf } from '../audit-trail/parsed';
import { FACE_CONFIG, IMAGE_MAX_BYTES, JPEG, later, NO_ANALYSIS, PNG, readFailure, readValue } from '../testing/controller-fakes';
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
import { FaceMatchController } from './face-match.controller';
import { FaceMatchService } from './face-match.service';

function verification(overrides: Partial<FaceMatchVerification> = {}): FaceMatchVerification {
  const at = new Date('2026-01-02T03:04:05Z');
  return Object.assign(
    new FaceMatchVerification(),
    {
      id: randomUUID(),
      organizationId: ORGANIZATION_ID,
      entityId: null,
      status: 'approved',
      match: true,
      score: 87.25,
      threshold: 30,
      requestId: 'req-1',
      vendorData: null,
      errorMessage: null,
      triggeredByUserId: randomUUID(),
      documentStoragePath: 'doc.png',
      selfieStoragePath: 'selfie.jpg',
      storageProvider: 'local',
      warnings: [],
      doubleCheckRenaper: false,
      responseDoubleChecks: null,
      details: { modelVersion: 'internal' },
      createdAt: at,
      updatedAt: at,
    } satisfies FaceMatchVerification,
    overrides,
  );
}

/** FaceMatchService as the controller sees it; like the real one, a read failure is thrown where the service uses the value. */
const service = {
  open: jest.fn<FaceMatchService['open']>((call) =>
    later(() => ({ call, settings: new OrganizationKycSettings(), query: valueOf(call.query), admission: NO_ANALYSIS })),
  ),
  verify: jest.fn<FaceMatchService['verify']>((opened, form) =>
    later(() => verification({ requestId: opened.call.requestId, vendorData: valueOf(form).fields.vendorData ?? null })),
  ),
  list: jest.fn<FaceMatchService['list']>(() => later(() => ({ items: [verification()], total: 7, scoreDeclineThreshold: 42 }))),
  findOne: jest.fn<FaceMatchService['findOne']>((organizationId, id) => later(() => verification({ id, organizationId }))),
  readImage: jest.fn<FaceMatchService['readImage']>((_organizationId, _id, which) => later(() => (which === 'document' ? PNG : JPEG))),
};

describe('FaceMatchController over HTTP (real guard, pipe, filter and readers; the service faked)', () => {
  let http: ControllerHarness;

  beforeAll(async () => {
    http = await startControllerHarness([FaceMatchController], [{ provide: FaceMatchService, useValue: service }, FACE_CONFIG]);
  });

  afterAll(() => http.close());
  beforeEach(() => jest.clearAllMocks());

  const post = async (
    fields: Parameters<typeof multipart>[0],
    { query = '', headers = ADMIN }: { query?: string; headers?: Record<string, string> } = {},
  ) => {
    const body = await multipart(fields);
    return http.inject({
      method: 'POST',
      url: `/api/kyc/face-match${query}`,
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };
  const images = { documentImage: file(PNG, 'doc.png', 'image/png'), selfieImage: JPEG.toString('base64') };
  const handedForm = () => service.verify.mock.calls[0][1];

  describe('POST /api/kyc/face-match', () => {
    it('hands the caller, the request id, the query and the read form to the service, and answers the contract shape', async () => {
      const entityId = randomUUID();
      const response = await post(
        { ...images, entityId, scoreThreshold: '45.5', vendorData: 'customer-1', doubleCheckRenaper: 'false', gender: 'F' },
        { query: '?doubleCheckRenaper=true' },
      );
      expect(response.statusCode).toBe(200);
      const [call] = service.open.mock.calls[0];
      expect(call.principal).toMatchObject({ organizationId: ORGANIZATION_ID, role: 'admin' });
      expect(call.requestId).toBe(response.headers['x-request-id']);
      expect(readValue(call.query)).toEqual({ doubleCheckRenaper: true });
      const form = readValue(handedForm());
      expect(form.fields).toEqual({ entityId, scoreThreshold: 45.5, vendorData: 'customer-1', doubleCheckRenaper: false, gender: 'F' });
      expect(form.images).toEqual({ documentImage: PNG, selfieImage: JPEG });
      const body = response.json<Record<string, unknown>>();
      expect(body).toEqual({
        match: true,
        score: 87.25,
        status: 'approved',
        verificationId: expect.any(String),
        scoreDeclineThreshold: 30,
        requestId: call.requestId,
        warnings: [],
      });
    });

    it('acts for the organization chosen with X-Organization-Id', async () => {
      await post(images, { headers: { ...TWO_ORGANIZATIONS, 'x-organization-id': OTHER_ORGANIZATION_ID } });
      expect(service.open.mock.calls[0][0].principal.organizationId).toBe(OTHER_ORGANIZATION_ID);
    });

    it.each([
      ['?doubleCheckRenaper=maybe', /^doubleCheckRenaper must be true or false$/],
      ['?doubleCheckRenaper=', /^doubleCheckRenaper must be true or false$/],
      ['?threshold=10', /^property threshold should not exist$/],
    ])('hands a bad query %s to the service as a failure; it answers 400 and reads no form', async (query, message) => {
      const response = await post(images, { query });
      expect(readFailure(service.open.mock.calls[0][0].query).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
      expect(service.verify).not.toHaveBeenCalled();
    });

    it.each<[string, Record<string, string>, RegExp]>([
      ['an empty scoreThreshold', { scoreThreshold: '' }, /^scoreThreshold must be a number from 0 to 100/],
      ['a scoreThreshold over 100', { scoreThreshold: '101' }, /^scoreThreshold must be a number from 0 to 100/],
      ['a scoreThreshold in exponent form', { scoreThreshold: '1e2' }, /^scoreThreshold must be a number/],
      ['an entityId that is no UUID', { entityId: 'customer-7' }, /^entityId must be a UUID$/],
      ['an unknown gender', { gender: 'Q' }, /^gender must be one of M, F, X, male, female$/],
      ['a six-digit dni', { dni: '123456' }, /^dni must be 7 or 8 digits$/],
      ['a tramite with letters', { tramite: '00A' }, /^tramite must be up to 11 digits$/],
      ['a body doubleCheckRenaper of "si"', { doubleCheckRenaper: 'si' }, /^doubleCheckRenaper must be true or false$/],
    ])('hands %s to the service as a read failure naming the field (400)', async (_name, fields, message) => {
      const response = await post({ ...images, ...fields });
      expect(readFailure(handedForm()).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });

    it('names every bad text field in one answer', async () => {
      const response = await post({ ...images, entityId: 'x', gender: 'Q' });
      const body = expectContractError(response, 400, 'INVALID_REQUEST', /entityId must be a UUID; gender must be one of/);
      expect(body.details).toEqual({ fields: ['entityId', 'gender'] });
    });

    it.each<[string, Parameters<typeof multipart>[0], RegExp]>([
      [
        'an image that is not base64',
        { documentImage: file(PNG), selfieImage: 'not base64!' },
        /^selfieImage: is neither an uploaded file nor/,
      ],
      ['an empty file part', { documentImage: file(Buffer.alloc(0)), selfieImage: 'AAAA' }, /^documentImage: the uploaded file is empty$/],
      [
        'an image over the configured size',
        { ...images, documentImage: file(Buffer.alloc(IMAGE_MAX_BYTES + 1)) },
        /^documentImage: larger than/,
      ],
      ['vendorData over the 4096 characters of a text field', { ...images, vendorData: 'v'.repeat(4097) }, /^vendorData: longer than 4096/],
    ])('hands %s to the service as a read failure (400)', async (_name, fields, message) => {
      const response = await post(fields);
      expect(readFailure(handedForm()).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });

    it('hands a field sent twice to the service as a read failure', async () => {
      const body = await multipart(images);
      const boundary = /boundary=(.+)$/.exec(body.headers['content-type'])?.[1] ?? '';
      const twice = `--${boundary}\r\ncontent-disposition: form-data; name="vendorData"\r\n\r\nb\r\n`;
      const payload = Buffer.concat([Buffer.from(twice), Buffer.from(twice.replace('b\r\n', 'c\r\n')), body.payload]);
      const response = await http.inject({ method: 'POST', url: '/api/kyc/face-match', headers: { ...ADMIN, ...body.headers }, payload });
      expect(readFailure(handedForm()).message).toBe('vendorData: sent more than once');
      expectContractError(response, 400, 'INVALID_REQUEST', /^vendorData: sent more than once$/);
    });

    it('hands a JSON body to the service as "multipart only"', async () => {
      const response = await http.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: ADMIN,
        payload: { documentImage: 'AAAA' },
      });
      expect(readFailure(handedForm()).message).toMatch(/^Send the request as multipart\/form-data/);
      expectContractError(response, 400, 'INVALID_REQUEST', /^Send the request as multipart\/form-data/);
    });

    it('answers NOT_ENABLED from open() with 403 and reads no form', async () => {
      service.open.mockRejectedValueOnce(new DomainError('NOT_ENABLED', 'The faceMatch integration is disabled'));
      expectContractError(await post(images), 403, 'NOT_ENABLED', /^The faceMatch integration is disabled$/);
      expect(service.verify).not.toHaveBeenCalled();
    });

    it('answers a saturated face engine with 503 and its Retry-After, and reads no form', async () => {
      service.open.mockRejectedValueOnce(new ServiceUnavailableError('The face engine is saturated', 7));
      const response = await post(images);
      expectContractError(response, 503, 'SERVICE_UNAVAILABLE', /^The face engine is saturated$/);
      expect(response.headers['retry-after']).toBe('7');
      expect(service.verify).not.toHaveBeenCalled();
    });

    it.each<[string, Error, number, RegExp]>([
      ['NOT_FOUND', DomainError.notFound(`Entity ${randomUUID()}`), 404, /^Entity .* not found$/],
      ['NOT_CONFIGURED', new DomainError('NOT_CONFIGURED', 'RENAPER credentials are missing'), 403, /^RENAPER credentials/],
      ['QUOTA_EXCEEDED', new DomainError('QUOTA_EXCEEDED', 'The monthly quota is used up'), 403, /quota/],
      ['VERIFICATION_FAILED', new Error('socket hang up at 10.0.0.7'), 500, /^The request could not be completed; retry/],
    ])('answers %s for what verify() threw, in the contract shape', async (code, error, status, message) => {
      service.verify.mockRejectedValueOnce(error);
      const body = expectContractError(await post(images), status, code, message);
      expect(body.message).not.toContain('10.0.0.7');
    });

    it.each([
      ['no key', {}],
      ['an unknown key', { authorization: 'Bearer kyc_nobody' }],
    ])('refuses a call with %s (401) before the service is asked', async (_name, headers) => {
      const response = await post(images, { headers });
      expectContractError(response, 401, 'UNAUTHORIZED', /Authorization: Bearer|not valid or was revoked/);
      expect(service.open).not.toHaveBeenCalled();
    });
  });

  describe('the audit records', () => {
    it('lists with the organization, the filters and the default page', async () => {
      const entityId = randomUUID();
      const response = await http.inject({
        method: 'GET',
        url: `/api/kyc/face-match/verifications?entityId=${entityId}&status=failed`,
        headers: MEMBER,
      });
      expect(response.statusCode).toBe(200);
      expect(service.list).toHaveBeenCalledWith(ORGANIZATION_ID, { entityId, status: 'failed' }, 50, 0);
      const body = response.json<{ verifications: Array<Record<string, unknown>>; scoreDeclineThreshold: number; pagination: unknown }>();
      expect(body.scoreDeclineThreshold).toBe(42);
      expect(body.pagination).toEqual({ limit: 50, offset: 0, total: 7 });
      expect(body.verifications[0]).not.toHaveProperty('details');
    });

    it.each([
      ['status=pending', /^status must be approved, declined, in_review or failed$/],
      ['entityId=42', /^entityId must be a UUID$/],
      ['limit=', /^limit must be an integer from 1 to 100$/],
      ['offset=-1', /^offset must be an integer from 0 to 100000$/],
      ['order=asc', /^property order should not exist$/],
    ])('refuses ?%s with 400 and asks the service nothing', async (query, message) => {
      const response = await http.inject({ method: 'GET', url: `/api/kyc/face-match/verifications?${query}`, headers: ADMIN });
      expectContractError(response, 400, 'INVALID_REQUEST', message);
      expect(service.list).not.toHaveBeenCalled();
    });

    it('answers one record of the organization, and NOT_FOUND for a malformed id without asking', async () => {
      const id = randomUUID();
      const response = await http.inject({ method: 'GET', url: `/api/kyc/face-match/verifications/${id}`, headers: ADMIN });
      expect(response.json()).toMatchObject({ id, organizationId: ORGANIZATION_ID, threshold: 30, storageProvider: 'local' });
      expect(service.findOne).toHaveBeenCalledWith(ORGANIZATION_ID, id);
      const malformed = await http.inject({ method: 'GET', url: '/api/kyc/face-match/verifications/123', headers: ADMIN });
      expectContractError(malformed, 404, 'NOT_FOUND', /^Verification 123 not found$/);
      expect(service.findOne).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['document-image', 'document', 'image/png'],
      ['selfie-image', 'selfie', 'image/jpeg'],
    ])('sends the stored %s with its sniffed type, never cached', async (path, which, contentType) => {
      const id = randomUUID();
      const response = await http.inject({ method: 'GET', url: `/api/kyc/face-match/verifications/${id}/${path}`, headers: MEMBER });
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({ 'content-type': contentType, 'cache-control': 'private, no-store' });
      expect(response.rawPayload).toEqual(which === 'document' ? PNG : JPEG);
      expect(service.readImage).toHaveBeenCalledWith(ORGANIZATION_ID, id, which);
    });

    it('answers NOT_FOUND in the contract shape when the image is gone', async () => {
      service.readImage.mockRejectedValueOnce(DomainError.notFound('The selfie image of verification x'));
      const response = await http.inject({
        method: 'GET',
        url: `/api/kyc/face-match/verifications/${randomUUID()}/selfie-image`,
        headers: ADMIN,
      });
      expectContractError(response, 404, 'NOT_FOUND', /^The selfie image of verification x not found$/);
    });

    it('refuses a listing without a key (401)', async () => {
      const response = await http.inject({ method: 'GET', url: '/api/kyc/face-match/verifications' });
      expectContractError(response, 401, 'UNAUTHORIZED', /Authorization: Bearer/);
      expect(service.list).not.toHaveBeenCalled();
    });
  });
});
