import { randomUUID } from 'node:crypto';
import { expect, jest } from '@jest/globals';
import { IdVerification } from '@app/audit';
import { DomainError } from '@app/core';
import { file, multipart } from '../../../../test/support/multipart';
import { valueOf } from '../audit-trail/parsed';
import { DNI_CARD, FACE_CONFIG, IMAGE_MAX_BYTES, JPEG, later, PNG, readFailure, readValue } from '../testing/controller-fakes';
import {
  ADMIN,
  ControllerHarness,
  expectContractError,
  MEMBER,
  ORGANIZATION_ID,
  startControllerHarness,
} from '../testing/controller-harness';
import { IdVerificationController } from './id-verification.controller';
import { IdVerificationService } from './id-verification.service';

function idVerification(overrides: Partial<IdVerification> = {}): IdVerification {
  const at = new Date('2026-03-04T05:06:07Z');
  return Object.assign(
    new IdVerification(),
    {
      id: randomUUID(),
      organizationId: ORGANIZATION_ID,
      entityId: null,
      status: 'approved',
      requestId: 'req-1',
      vendorData: null,
      minimumAge: null,
      errorMessage: null,
      triggeredByUserId: randomUUID(),
      documentFrontStoragePath: 'front.png',
      documentBackStoragePath: null,
      storageProvider: 'local',
      warnings: [],
      extractedDataSealed: Buffer.from('sealed'),
      details: { layout: 'card' },
      createdAt: at,
      updatedAt: at,
    } satisfies IdVerification,
    overrides,
  );
}

/** IdVerificationService as the controller sees it; like the real one, it throws a read failure where it uses the form. */
const service = {
  verify: jest.fn<IdVerificationService['verify']>((call) =>
    later(() => {
      const { fields } = valueOf(call.form);
      return { row: idVerification({ requestId: call.requestId, minimumAge: fields.minimumAge ?? null }), extractedData: DNI_CARD };
    }),
  ),
  list: jest.fn<IdVerificationService['list']>(() => later(() => ({ total: 1, items: [{ row: idVerification(), extractedData: null }] }))),
  findOne: jest.fn<IdVerificationService['findOne']>((organizationId, id) =>
    later(() => ({ row: idVerification({ id, organizationId }), extractedData: DNI_CARD })),
  ),
  readImage: jest.fn<IdVerificationService['readImage']>((_organizationId, _id, which) => later(() => (which === 'front' ? PNG : JPEG))),
};

describe('IdVerificationController over HTTP (real guard, pipe, filter and form reader; the service faked)', () => {
  let http: ControllerHarness;

  beforeAll(async () => {
    http = await startControllerHarness([IdVerificationController], [{ provide: IdVerificationService, useValue: service }, FACE_CONFIG]);
  });

  afterAll(() => http.close());
  beforeEach(() => jest.clearAllMocks());

  const post = async (fields: Parameters<typeof multipart>[0], headers: Record<string, string> = ADMIN) => {
    const body = await multipart(fields);
    return http.inject({
      method: 'POST',
      url: '/api/kyc/id-verification',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };
  const get = (url: string) => http.inject({ method: 'GET', url: `/api/kyc/id-verification/verifications${url}`, headers: MEMBER });
  const handed = () => service.verify.mock.calls[0][0];
  const front = file(PNG, 'front.png', 'image/png');

  describe('POST /api/kyc/id-verification', () => {
    it('hands the caller, the request id and the read form to the service, and answers the contract shape', async () => {
      const entityId = randomUUID();
      const response = await post({
        documentFront: front,
        documentBack: JPEG.toString('base64'),
        entityId,
        vendorData: 'v-1',
        minimumAge: '18',
      });
      expect(response.statusCode).toBe(200);
      const call = handed();
      expect(call.principal).toMatchObject({ organizationId: ORGANIZATION_ID, role: 'admin' });
      expect(call.requestId).toBe(response.headers['x-request-id']);
      const form = readValue(call.form);
      expect(form.fields).toEqual({ entityId, vendorData: 'v-1', minimumAge: 18 });
      expect(form.images).toEqual({ documentFront: PNG, documentBack: JPEG });
      expect(response.json()).toEqual({
        status: 'approved',
        verificationId: expect.any(String),
        extractedData: DNI_CARD,
        warnings: [],
        requestId: call.requestId,
      });
    });

    it('hands a form without images to the service as read (it decides that documentFront is required)', async () => {
      service.verify.mockRejectedValueOnce(DomainError.invalid('documentFront is required (a file part or a base64 string)'));
      const response = await post({ vendorData: 'v-2' });
      expect(readValue(handed().form)).toEqual({ fields: { vendorData: 'v-2' }, images: {} });
      expectContractError(response, 400, 'INVALID_REQUEST', /^documentFront is required/);
    });

    it.each<[string, Record<string, string>, RegExp]>([
      ['minimumAge given as ""', { minimumAge: '' }, /^minimumAge must be an integer from 0 to 120$/],
      ['a fractional minimumAge', { minimumAge: '17.5' }, /^minimumAge must be an integer from 0 to 120$/],
      ['minimumAge 121', { minimumAge: '121' }, /^minimumAge must be an integer from 0 to 120$/],
      ['an entityId that is no UUID', { entityId: '28456712' }, /^entityId must be a UUID$/],
      ['vendorData over 1000 characters', { vendorData: 'v'.repeat(1001) }, /^vendorData must be at most 1000 characters$/],
    ])('hands %s to the service as a read failure naming the field (400)', async (_name, fields, message) => {
      const response = await post({ documentFront: front, ...fields });
      expect(readFailure(handed().form).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });

    it.each<[string, Parameters<typeof multipart>[0], RegExp]>([
      [
        'a front that is not base64',
        { documentFront: 'front.png' },
        /^documentFront: is neither an uploaded file nor a valid base64 string$/,
      ],
      [
        'a back over the configured size',
        { documentFront: front, documentBack: file(Buffer.alloc(IMAGE_MAX_BYTES + 1)) },
        /^documentBack: larger than/,
      ],
      ['a text field over 4096 characters', { documentFront: front, note: 'n'.repeat(4097) }, /^note: longer than 4096 characters$/],
    ])('hands %s to the service as a read failure (400)', async (_name, fields, message) => {
      const response = await post(fields);
      expect(readFailure(handed().form).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });

    it('ignores an unknown text field and drains an unknown file part', async () => {
      await post({ documentFront: front, nickname: 'x', selfie: file(JPEG) });
      expect(readValue(handed().form)).toEqual({ fields: {}, images: { documentFront: PNG } });
    });

    it('hands a JSON body to the service as "multipart only"', async () => {
      const response = await http.inject({
        method: 'POST',
        url: '/api/kyc/id-verification',
        headers: ADMIN,
        payload: { documentFront: 'AAAA' },
      });
      expect(readFailure(handed().form).message).toMatch(/^Send the request as multipart\/form-data/);
      expectContractError(response, 400, 'INVALID_REQUEST', /^Send the request as multipart\/form-data/);
    });

    it('hands a body cut before its closing boundary to the service as a read failure', async () => {
      const body = await multipart({ documentFront: front, vendorData: 'v' });
      const cut = body.payload.subarray(0, body.payload.length - 20);
      const response = await http.inject({
        method: 'POST',
        url: '/api/kyc/id-verification',
        headers: { ...ADMIN, ...body.headers },
        payload: cut,
      });
      expect(readFailure(handed().form).message).toMatch(/^The multipart body is malformed or incomplete/);
      expect(response.statusCode).toBe(400);
    });

    it.each<[string, DomainError, number]>([
      ['NOT_ENABLED', new DomainError('NOT_ENABLED', 'The idVerification integration is disabled for this organization'), 403],
      ['NOT_FOUND', DomainError.notFound(`Entity ${randomUUID()}`), 404],
      ['PAYLOAD_TOO_LARGE', new DomainError('PAYLOAD_TOO_LARGE', 'The form is larger than 1 MB'), 413],
    ])('answers %s from the service in the contract shape', async (code, error, status) => {
      service.verify.mockRejectedValueOnce(error);
      expectContractError(await post({ documentFront: front }), status, code, new RegExp(`^${error.message}$`));
    });

    it('refuses a form without a valid key (401) before the service is asked', async () => {
      expectContractError(await post({ documentFront: front }, {}), 401, 'UNAUTHORIZED', /Authorization: Bearer/);
      expectContractError(await post({ documentFront: front }, { authorization: 'Bearer kyc_x' }), 401, 'UNAUTHORIZED', /revoked/);
      expect(service.verify).not.toHaveBeenCalled();
    });
  });

  describe('the audit records', () => {
    it('lists with the organization, the filters and the default page, without the sealed data', async () => {
      const entityId = randomUUID();
      const response = await get(`?entityId=${entityId}&status=declined`);
      expect(service.list).toHaveBeenCalledWith(ORGANIZATION_ID, { entityId, status: 'declined' }, 50, 0);
      const body = response.json<{ verifications: Array<Record<string, unknown>>; pagination: unknown }>();
      expect(body.pagination).toEqual({ limit: 50, offset: 0, total: 1 });
      expect(body.verifications[0]).toMatchObject({ extractedData: null, hasDocumentFrontImage: true, hasDocumentBackImage: false });
      expect(body.verifications[0]).not.toHaveProperty('extractedDataSealed');
      expect(body.verifications[0]).not.toHaveProperty('documentFrontStoragePath');
    });

    it.each([
      ['status=in_review', /^status must be approved, declined or failed$/],
      ['entityId=abc', /^entityId must be a UUID$/],
      ['limit=0', /^limit must be an integer from 1 to 100$/],
      ['offset=1.5', /^offset must be an integer from 0 to 100000$/],
    ])('refuses ?%s with 400 and asks the service nothing', async (query, message) => {
      expectContractError(await get(`?${query}`), 400, 'INVALID_REQUEST', message);
      expect(service.list).not.toHaveBeenCalled();
    });

    it('answers one record with its card data, and NOT_FOUND for a malformed id without asking', async () => {
      const id = randomUUID();
      expect((await get(`/${id}`)).json()).toMatchObject({ id, organizationId: ORGANIZATION_ID, extractedData: DNI_CARD });
      expect(service.findOne).toHaveBeenCalledWith(ORGANIZATION_ID, id);
      expectContractError(await get('/28456712'), 404, 'NOT_FOUND', /^ID verification 28456712 not found$/);
      expect(service.findOne).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['document-front-image', 'front', 'image/png'],
      ['document-back-image', 'back', 'image/jpeg'],
    ])('sends the stored %s with its sniffed type, never cached', async (path, which, contentType) => {
      const id = randomUUID();
      const response = await get(`/${id}/${path}`);
      expect(response.headers).toMatchObject({ 'content-type': contentType, 'cache-control': 'private, no-store' });
      expect(response.rawPayload).toEqual(which === 'front' ? PNG : JPEG);
      expect(service.readImage).toHaveBeenCalledWith(ORGANIZATION_ID, id, which);
    });
  });
});
