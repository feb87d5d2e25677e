import { randomUUID } from 'node:crypto';
import { expect, jest } from '@jest/globals';
import { DomainError } from '@app/core';
import { file, multipart } from '../../../../test/support/multipart';
import { valueOf } from '../audit-trail/parsed';
import { FACE_CONFIG, IMAGE_MAX_BYTES, later, PNG, readFailure, readValue } from '../testing/controller-fakes';
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
import { BiometricCheckService } from './biometric-check.service';
import { BiometricController } from './biometric.controller';

const SESSION_ID = randomUUID();
const VALIDATION_ID = randomUUID();

/** BiometricCheckService as the controller sees it; like the real one, it throws a read failure where it uses the input. */
const service = {
  check: jest.fn<BiometricCheckService['check']>((call) =>
    later(() => {
      valueOf(call.input);
      return {
        requestId: call.requestId,
        outcome: {
          match: true,
          status: 'approved' as const,
          totalMatches: 2,
          approvedMatchesCount: 1,
          approvedSessionIds: [SESSION_ID],
          matchedKycValidationIds: [VALIDATION_ID],
          warnings: ['MULTIPLE_FACES_DETECTED' as const],
          bestScore: 91.5,
          compared: 3,
        },
      };
    }),
  ),
};

describe('BiometricController over HTTP (real guard, filter and body readers; the service faked)', () => {
  let http: ControllerHarness;

  beforeAll(async () => {
    http = await startControllerHarness([BiometricController], [{ provide: BiometricCheckService, useValue: service }, FACE_CONFIG]);
  });

  afterAll(() => http.close());
  beforeEach(() => jest.clearAllMocks());

  const postJson = (payload: unknown, headers: Record<string, string> = ADMIN) =>
    http.inject({ method: 'POST', url: '/api/kyc/biometric', headers, payload: payload as object });
  const postForm = async (fields: Parameters<typeof multipart>[0]) => {
    const body = await multipart(fields);
    return http.inject({ method: 'POST', url: '/api/kyc/biometric', headers: { ...MEMBER, ...body.headers }, payload: body.payload });
  };
  const handed = () => service.check.mock.calls[0][0];
  const USER_IMAGE = `data:image/png;base64,${PNG.toString('base64')}`;

  describe('a JSON body', () => {
    it('hands the caller, the request id and the decoded image to the service, and answers the contract shape', async () => {
      const response = await postJson({ user_image: USER_IMAGE, externalEntityId: 'customer-9', checkLiveness: true });
      expect(response.statusCode).toBe(200);
      const call = handed();
      expect(call.principal).toMatchObject({ organizationId: ORGANIZATION_ID, role: 'admin' });
      expect(call.requestId).toBe(response.headers['x-request-id']);
      expect(readValue(call.input)).toEqual({
        image: PNG,
        imageField: 'user_image',
        entityId: undefined,
        externalEntityId: 'customer-9',
        checkLiveness: true,
      });
      expect(response.json()).toEqual({
        match: true,
        approvedSessionIds: [SESSION_ID],
        matchedKycValidationIds: [VALIDATION_ID],
        faceSearch: {
          status: 'approved',
          totalMatches: 2,
          approvedMatchesCount: 1,
          requestId: call.requestId,
          warnings: ['MULTIPLE_FACES_DETECTED'],
        },
      });
    });

    it('leaves checkLiveness out when the caller did not say (the organization default applies)', async () => {
      const entityId = randomUUID();
      await postJson({ user_image: USER_IMAGE, entityId }, { ...TWO_ORGANIZATIONS, 'x-organization-id': OTHER_ORGANIZATION_ID });
      expect(handed().principal.organizationId).toBe(OTHER_ORGANIZATION_ID);
      expect(readValue(handed().input)).toMatchObject({ entityId, checkLiveness: undefined });
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['no user_image', { entityId: randomUUID() }, /^user_image is required \(a base64 string\)$/],
      ['an empty user_image', { user_image: '' }, /^user_image is required \(a base64 string\)$/],
      ['a user_image that is a number', { user_image: 42 }, /^user_image is required \(a base64 string\)$/],
      ['a user_image that is not base64', { user_image: 'not an image!' }, /^user_image: is neither an uploaded file nor/],
      [
        'a user_image over the configured size',
        { user_image: Buffer.alloc(IMAGE_MAX_BYTES + 1).toString('base64') },
        /^user_image: larger than 2 KB$/, // the limit in words a person can act on, as multipart words it
      ],
      ['an entityId that is no UUID', { user_image: USER_IMAGE, entityId: 'customer-9' }, /^entityId must be a UUID$/],
      ['an empty externalEntityId', { user_image: USER_IMAGE, externalEntityId: '' }, /externalEntityId must be longer than or equal to 1/],
      ['checkLiveness "maybe"', { user_image: USER_IMAGE, checkLiveness: 'maybe' }, /^checkLiveness must be true or false$/],
    ])('hands %s to the service as a read failure naming the field (400)', async (_name, payload, message) => {
      const response = await postJson(payload);
      expect(readFailure(handed().input).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });

    it.each<[string, string, string, RegExp]>([
      ['malformed JSON', 'application/json', '{"user_image": "AAAA",', /^The body is not valid JSON/],
      [
        'a JSON array',
        'application/json',
        '[]',
        /^Send application\/json \{ user_image, entityId\?, externalEntityId\?, checkLiveness\? \}/,
      ],
      ['text/plain', 'text/plain', 'user_image=AAAA', /^Send application\/json .* or multipart\/form-data$/],
    ])('hands %s to the service as a read failure (400)', async (_name, contentType, payload, message) => {
      const response = await http.inject({
        method: 'POST',
        url: '/api/kyc/biometric',
        headers: { ...ADMIN, 'content-type': contentType },
        payload,
      });
      expect(readFailure(handed().input).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });
  });

  describe('a multipart body', () => {
    it('reads userImage as a file part and a blank checkLiveness as false', async () => {
      const entityId = randomUUID();
      const response = await postForm({ userImage: file(PNG, 'me.png', 'image/png'), entityId, checkLiveness: '' });
      expect(response.statusCode).toBe(200);
      expect(readValue(handed().input)).toEqual({
        image: PNG,
        imageField: 'userImage',
        entityId,
        externalEntityId: undefined,
        checkLiveness: false,
      });
    });

    it('reads user_image as a base64 field', async () => {
      await postForm({ user_image: USER_IMAGE, externalEntityId: 'customer-9' });
      expect(readValue(handed().input)).toMatchObject({ image: PNG, imageField: 'user_image', externalEntityId: 'customer-9' });
    });

    it.each<[string, Parameters<typeof multipart>[0], RegExp]>([
      [
        'both spellings of the image',
        { userImage: file(PNG), user_image: USER_IMAGE },
        /^Send the image as userImage or as user_image, not both$/,
      ],
      ['no image', { entityId: randomUUID() }, /^userImage \(or user_image\) is required/],
      ['an empty file part', { userImage: file(Buffer.alloc(0)) }, /^userImage: the uploaded file is empty$/],
      ['an image over the configured size', { userImage: file(Buffer.alloc(IMAGE_MAX_BYTES + 1)) }, /^userImage: larger than/],
      ['an entityId that is no UUID', { userImage: file(PNG), entityId: '7' }, /^entityId must be a UUID$/],
      [
        'a text field over 1024 characters',
        { userImage: file(PNG), externalEntityId: 'x'.repeat(1025) },
        /^externalEntityId: longer than 1024/,
      ],
    ])('hands %s to the service as a read failure (400)', async (_name, fields, message) => {
      const response = await postForm(fields);
      expect(readFailure(handed().input).message).toMatch(message);
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });
  });

  describe('what the service answers', () => {
    it.each<[string, DomainError, number, RegExp]>([
      [
        'NOT_FOUND',
        DomainError.notFound('An entity with externalId "customer-404"'),
        404,
        /^An entity with externalId "customer-404" not found$/,
      ],
      ['NOT_CONFIGURED', new DomainError('NOT_CONFIGURED', 'The kycValidation integration needs a webhook secret'), 403, /webhook secret/],
      ['NOT_ENABLED', new DomainError('NOT_ENABLED', 'The kycValidation integration is disabled'), 403, /disabled/],
      [
        'INVALID_REQUEST',
        DomainError.invalid('entityId or externalEntityId is required'),
        400,
        /^entityId or externalEntityId is required$/,
      ],
    ])('answers %s in the contract shape', async (code, error, status, message) => {
      service.check.mockRejectedValueOnce(error);
      expectContractError(await postJson({ user_image: USER_IMAGE }), status, code, message);
    });
  });

  describe('routing and credentials', () => {
    it('refuses a body without a key (401) and never asks the service', async () => {
      expectContractError(await postJson({ user_image: USER_IMAGE }, {}), 401, 'UNAUTHORIZED', /Authorization: Bearer/);
      expectContractError(
        await postJson({ user_image: USER_IMAGE }, { authorization: 'Bearer kyc_revoked' }),
        401,
        'UNAUTHORIZED',
        /not valid or was revoked/,
      );
      expect(service.check).not.toHaveBeenCalled();
    });

    it('answers 200, not 201, and NOT_FOUND for a GET', async () => {
      expect((await postJson({ user_image: USER_IMAGE })).statusCode).toBe(200);
      expectContractError(await http.inject({ method: 'GET', url: '/api/kyc/biometric', headers: ADMIN }), 404, 'NOT_FOUND', /biometric/);
    });
  });
});
