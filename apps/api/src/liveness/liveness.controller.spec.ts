import { randomUUID } from 'node:crypto';
import { expect, jest } from '@jest/globals';
import { LivenessCheck } from '@app/audit';
import { DomainError } from '@app/core';
import { file, multipart } from '../../../../test/support/multipart';
import { valueOf } from '../audit-trail/parsed';
import { FACE_CONFIG, JPEG, later, readFailure, readValue } from '../testing/controller-fakes';
import {
  ADMIN,
  ControllerHarness,
  expectContractError,
  MEMBER,
  ORGANIZATION_ID,
  startControllerHarness,
} from '../testing/controller-harness';
import { LivenessController } from './liveness.controller';
import { LivenessService } from './liveness.service';

function livenessCheck(overrides: Partial<LivenessCheck> = {}): LivenessCheck {
  return Object.assign(
    new LivenessCheck(),
    {
      id: randomUUID(),
      organizationId: ORGANIZATION_ID,
      entityId: null,
      requestId: 'req-1',
      status: 'approved',
      live: true,
      score: 98.4,
      threshold: 80,
      attackBelow: 40,
      modelVersion: 'liveness-v1',
      warnings: [],
      details: { faces: 1 },
      errorMessage: null,
      imageStoragePath: 'liveness/x.jpg',
      storageProvider: 'local',
      triggeredByUserId: randomUUID(),
      createdAt: new Date('2026-02-03T04:05:06Z'),
    } satisfies LivenessCheck,
    overrides,
  );
}

/** LivenessService as the controller sees it; like the real one, it throws a read failure where it uses the input. */
const service = {
  check: jest.fn<LivenessService['check']>((call) =>
    later(() => livenessCheck({ requestId: call.requestId, entityId: valueOf(call.input).fields.entityId ?? null })),
  ),
  list: jest.fn<LivenessService['list']>(() => later(() => ({ items: [livenessCheck({ imageStoragePath: null })], total: 3 }))),
  findOne: jest.fn<LivenessService['findOne']>((organizationId, id) => later(() => livenessCheck({ id, organizationId }))),
  readImage: jest.fn<LivenessService['readImage']>(() => later(() => JPEG)),
};

describe('LivenessController over HTTP (real guard, pipe, filter and body readers; the service faked)', () => {
  let http: ControllerHarness;

  beforeAll(async () => {
    http = await startControllerHarness([LivenessController], [{ provide: LivenessService, useValue: service }, FACE_CONFIG]);
  });

  afterAll(() => http.close());
  beforeEach(() => jest.clearAllMocks());

  const postJson = (payload: unknown, headers: Record<string, string> = ADMIN) =>
    http.inject({ method: 'POST', url: '/api/kyc/liveness', headers, payload: payload as object });
  const handed = () => service.check.mock.calls[0][0];
  const get = (url: string) => http.inject({ method: 'GET', url: `/api/kyc/liveness/${url}`, headers: MEMBER });

  describe('POST /api/kyc/liveness', () => {
    it('hands the caller, the request id and the decoded selfie to the service, and answers the contract shape', async () => {
      const entityId = randomUUID();
      const response = await postJson({ user_image: JPEG.toString('base64'), entityId });
      expect(response.statusCode).toBe(200);
      const call = handed();
      expect(call.principal).toMatchObject({ organizationId: ORGANIZATION_ID });
      expect(call.requestId).toBe(response.headers['x-request-id']);
      expect(readValue(call.input)).toEqual({
        image: JPEG,
        imageField: 'user_image',
        // Only the decoded bytes travel on: the base64 text is not a second copy in `fields`.
        fields: { entityId },
      });
      expect(response.json()).toEqual({
        live: true,
        score: 98.4,
        status: 'approved',
        warnings: [],
        livenessCheckId: expect.any(String),
        requestId: call.requestId,
      });
    });

    it('reads a multipart selfie sent as the userImage file part', async () => {
      const body = await multipart({ userImage: file(JPEG) });
      const response = await http.inject({
        method: 'POST',
        url: '/api/kyc/liveness',
        headers: { ...MEMBER, ...body.headers },
        payload: body.payload,
      });
      expect(response.statusCode).toBe(200);
      expect(readValue(handed().input)).toEqual({ image: JPEG, imageField: 'userImage', fields: {} });
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['no user_image', {}, /^user_image is required \(a base64 string\)$/],
      ['a user_image given as ""', { user_image: '' }, /^user_image is required/],
      ['a user_image that is not base64', { user_image: '%%%' }, /^user_image: is neither an uploaded file nor a valid base64 string$/],
      ['an entityId that is no UUID', { user_image: JPEG.toString('base64'), entityId: 'ent-1' }, /^entityId must be a UUID$/],
      ['a NUL in entityId', { user_image: JPEG.toString('base64'), entityId: 'a\u0000' }, /^entityId: must not contain NUL/],
    ])('hands %s to the service as a read failure naming the field (400)', async (_name, payload, message) => {
      const response = await postJson(payload);
      expect(readFailure(handed().input).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });

    it('hands a multipart body with both image spellings to the service as a read failure', async () => {
      const body = await multipart({ userImage: file(JPEG), user_image: JPEG.toString('base64') });
      const response = await http.inject({
        method: 'POST',
        url: '/api/kyc/liveness',
        headers: { ...ADMIN, ...body.headers },
        payload: body.payload,
      });
      expect(readFailure(handed().input).message).toBe('Send the image as userImage or as user_image, not both');
      expectContractError(response, 400, 'INVALID_REQUEST', /not both$/);
    });

    it('tells a client sending neither JSON nor multipart which shapes it takes', async () => {
      const response = await http.inject({
        method: 'POST',
        url: '/api/kyc/liveness',
        headers: { ...ADMIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'user_image=AAAA',
      });
      expect(readFailure(handed().input).message).toBe('Send application/json { user_image, entityId? } or multipart/form-data');
      expect(response.statusCode).toBe(400);
    });

    it.each<[string, DomainError, number]>([
      ['NOT_ENABLED', new DomainError('NOT_ENABLED', 'The liveness integration is disabled for this organization'), 403],
      ['NOT_FOUND', DomainError.notFound(`Entity ${randomUUID()}`), 404],
      ['CONFLICT', new DomainError('CONFLICT', "The entity's biometrics are being erased"), 409],
    ])('answers %s from the service in the contract shape', async (code, error, status) => {
      service.check.mockRejectedValueOnce(error);
      expectContractError(await postJson({ user_image: JPEG.toString('base64') }), status, code, new RegExp(`^${error.message}$`));
    });

    it('refuses a body without a key (401) before the service is asked', async () => {
      expectContractError(await postJson({ user_image: 'AAAA' }, {}), 401, 'UNAUTHORIZED', /Authorization: Bearer/);
      expect(service.check).not.toHaveBeenCalled();
    });
  });

  describe('the audit records', () => {
    it('lists with the organization, the filters and the page, never showing where an image is stored', async () => {
      const entityId = randomUUID();
      const response = await get(`checks?entityId=${entityId}&status=in_review&limit=10&offset=20`);
      expect(service.list).toHaveBeenCalledWith(ORGANIZATION_ID, { entityId, status: 'in_review' }, 10, 20);
      const body = response.json<{ checks: Array<Record<string, unknown>>; pagination: unknown }>();
      expect(body.pagination).toEqual({ limit: 10, offset: 20, total: 3 });
      expect(body.checks[0]).toMatchObject({ hasImage: false, createdAt: '2026-02-03T04:05:06.000Z' });
      expect(body.checks[0]).not.toHaveProperty('imageStoragePath');
      expect(body.checks[0]).not.toHaveProperty('details');
    });

    it.each([
      ['status=live', /^status must be approved, declined, in_review or failed$/],
      ['entityId=', /^entityId must be a UUID$/],
      ['limit=1000', /^limit must be an integer from 1 to 100$/],
      ['offset=ten', /^offset must be an integer from 0 to 100000$/],
    ])('refuses ?%s with 400 and asks the service nothing', async (query, message) => {
      expectContractError(await get(`checks?${query}`), 400, 'INVALID_REQUEST', message);
      expect(service.list).not.toHaveBeenCalled();
    });

    it('answers one check of the organization, and NOT_FOUND for a malformed id without asking', async () => {
      const id = randomUUID();
      expect((await get(`checks/${id}`)).json()).toMatchObject({ id, organizationId: ORGANIZATION_ID, hasImage: true });
      expect(service.findOne).toHaveBeenCalledWith(ORGANIZATION_ID, id);
      expectContractError(await get('checks/not-an-id'), 404, 'NOT_FOUND', /^Liveness check not-an-id not found$/);
      expect(service.findOne).toHaveBeenCalledTimes(1);
    });

    it('sends the stored image with its sniffed type, never cached, and NOT_FOUND once it is gone', async () => {
      const id = randomUUID();
      const response = await get(`checks/${id}/image`);
      expect(response.headers).toMatchObject({ 'content-type': 'image/jpeg', 'cache-control': 'private, no-store' });
      expect(response.rawPayload).toEqual(JPEG);
      expect(service.readImage).toHaveBeenCalledWith(ORGANIZATION_ID, id);
      service.readImage.mockRejectedValueOnce(DomainError.notFound(`The image of liveness check ${id}`));
      expectContractError(await get(`checks/${id}/image`), 404, 'NOT_FOUND', /^The image of liveness check .* not found$/);
    });
  });
});
