import { expect } from '@jest/globals';
import { json } from '../support/http';
import type { EntityListResponseDto, EntityResponseDto } from '../../apps/api/src/entities/entity.dto';
import type { FaceMatchResponseDto } from '../../apps/api/src/face-match/face-match.dto';
import { randomUUID } from 'node:crypto';
import { InjectOptions } from 'fastify';
import {
  biometricRow,
  expectAlive,
  expectContractError,
  faceMatchRow,
  formBody,
  HostileContext,
  openSession,
  Part,
  startHostileApi,
  storedFiles,
} from './support';

/**
 * Hostile and careless input, field by field, on every route: each refusal is the contract's error
 * naming the field, the process keeps answering, audited routes keep their row, and a refused call
 * leaves no file behind.
 */
describe('hostile input: fields, numbers, text, pagination, ids, credentials (real app)', () => {
  let context: HostileContext;

  beforeAll(async () => {
    context = await startHostileApi('hostile-input');
  });

  afterAll(() => context.api.close());

  const inject = (options: InjectOptions) => context.api.app.inject(options);

  async function faceMatch(parts: Part[], query = '') {
    const body = await formBody(parts);
    return inject({
      method: 'POST',
      url: `/api/kyc/face-match${query}`,
      headers: { ...context.org.headers, ...body.headers },
      payload: body.payload,
    });
  }

  const images = (): Part[] => [
    ['documentImage', { bytes: context.image }],
    ['selfieImage', { bytes: context.image }],
  ];

  describe('POST /api/kyc/face-match: refused, audited as failed, nothing stored', () => {
    const cases: [string, Part[], string, RegExp][] = [
      [
        'an empty scoreThreshold (was read as 0: strangers approved)',
        [['scoreThreshold', '']],
        '',
        /^scoreThreshold must be a number from 0 to 100/,
      ],
      ['a blank scoreThreshold', [['scoreThreshold', '   ']], '', /^scoreThreshold must be a number/],
      ['a non-numeric scoreThreshold', [['scoreThreshold', 'thirty']], '', /^scoreThreshold must be a number/],
      ['scoreThreshold NaN', [['scoreThreshold', 'NaN']], '', /^scoreThreshold must be a number/],
      ['scoreThreshold Infinity', [['scoreThreshold', 'Infinity']], '', /^scoreThreshold must be a number/],
      ['a negative scoreThreshold', [['scoreThreshold', '-1']], '', /^scoreThreshold must be a number from 0 to 100/],
      ['scoreThreshold over 100', [['scoreThreshold', '100.5']], '', /^scoreThreshold must be a number from 0 to 100/],
      ['scoreThreshold in exponent notation', [['scoreThreshold', '1e1']], '', /^scoreThreshold must be a number/],
      [
        'an empty doubleCheckRenaper field (was read as false)',
        [['doubleCheckRenaper', '']],
        '',
        /^doubleCheckRenaper must be true or false/,
      ],
      ['doubleCheckRenaper=maybe in the query', [], '?doubleCheckRenaper=maybe', /^doubleCheckRenaper must be true or false/],
      ['an unknown query parameter', [], '?treshold=10', /treshold should not exist/],
      [
        'a NUL character in vendorData (was a 500 with both images orphaned)',
        [['vendorData', 'customer\u00001234']],
        '',
        /^vendorData: must not contain NUL characters/,
      ],
      ['a NUL character in dni', [['dni', '1234\u00005678']], '', /^dni: must not contain NUL/],
      [
        'vendorData sent twice',
        [
          ['vendorData', 'a'],
          ['vendorData', 'b'],
        ],
        '',
        /^vendorData: sent more than once$/,
      ],
      ['a field named __proto__', [['__proto__', 'x']], '', /named like a built-in object property/],
    ];

    it.each(cases)('%s', async (_name, extra, query, message) => {
      const before = storedFiles(context.api.storageDir);
      const response = await faceMatch([...images(), ...extra], query);
      const body = expectContractError(response, 400, 'INVALID_REQUEST', message);
      expect(await faceMatchRow(context, body.requestId)).toMatchObject({ status: 'failed', error_message: body.message, threshold: 30 });
      expect(storedFiles(context.api.storageDir)).toEqual(before);
      await expectAlive(context);
    });

    it('the same image field sent twice is named, not "too many parts"', async () => {
      const response = await faceMatch([...images(), ['selfieImage', { bytes: context.image }]]);
      const body = expectContractError(response, 400, 'INVALID_REQUEST', /^selfieImage: sent more than once$/);
      expect(await faceMatchRow(context, body.requestId)).toMatchObject({ status: 'failed' });
      await expectAlive(context);
    });

    it.each([
      [
        'a text/plain data URL',
        `data:text/plain;base64,${Buffer.from('hello').toString('base64')}`,
        /^documentImage: is neither an uploaded file nor a valid base64 string/,
      ],
      [
        'base64 of bytes that are no image',
        Buffer.from('just some text, not an image at all').toString('base64'),
        /^documentImage: .*JPEG, PNG, WebP or TIFF/,
      ],
      ['an empty string', '', /^documentImage: is empty/],
    ])('a base64 documentImage that is %s', async (_name, value, message) => {
      const before = storedFiles(context.api.storageDir);
      const response = await faceMatch([
        ['documentImage', value],
        ['selfieImage', { bytes: context.image }],
      ]);
      const body = expectContractError(response, 400, 'INVALID_REQUEST', message);
      expect(await faceMatchRow(context, body.requestId)).toMatchObject({ status: 'failed' });
      expect(storedFiles(context.api.storageDir)).toEqual(before);
    });

    it('an empty file part', async () => {
      const response = await faceMatch([
        ['documentImage', { bytes: Buffer.alloc(0) }],
        ['selfieImage', { bytes: context.image }],
      ]);
      const body = expectContractError(response, 400, 'INVALID_REQUEST', /^documentImage: the uploaded file is empty/);
      expect(await faceMatchRow(context, body.requestId)).toMatchObject({ status: 'failed' });
    });

    it('a plain decimal scoreThreshold with spaces is still read and recorded', async () => {
      const response = await faceMatch([...images(), ['scoreThreshold', ' 55.5 ']]);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ scoreDeclineThreshold: 55.5, status: 'declined' });
      expect(await faceMatchRow(context, json<FaceMatchResponseDto>(response).requestId)).toMatchObject({ threshold: 55.5 });
    });
  });

  describe('numbers and text in query strings', () => {
    it.each([
      ['/api/kyc/face-match/verifications?limit=', /^limit must be an integer from 1 to 100$/],
      ['/api/kyc/face-match/verifications?offset=', /^offset must be an integer from 0 to 100000$/],
      ['/api/kyc/face-match/verifications?offset=100001', /^offset must be an integer from 0 to 100000$/],
      ['/api/kyc/face-match/verifications?offset=1e3', /^offset must be an integer/],
      ['/api/kyc/face-match/verifications?limit=10&limit=20', /^limit must be an integer/],
      ['/api/kyc/face-match/verifications?status=nope', /^status must be approved, declined, in_review or failed$/],
      // The other limits, offsets and NULs of /api/entities: entities.controller.spec.ts (fast layer).
      ['/api/entities?limit=abc', /^limit must be an integer from 1 to 100$/],
    ])('GET %s', async (url, message) => {
      expectContractError(await inject({ method: 'GET', url, headers: context.org.headers }), 400, 'INVALID_REQUEST', message);
      await expectAlive(context);
    });

    it.each([
      ['page=1001', /^page must be an integer from 1 to 1000$/],
      ['page=', /^page must be an integer from 1 to 1000$/],
      ['page=0', /^page must be an integer from 1 to 1000$/],
      ['limit=0.5', /^limit must be an integer from 1 to 100$/],
    ])("GET an entity's validations with %s", async (query, message) => {
      const entity = await inject({ method: 'POST', url: '/api/entities', headers: context.org.headers, payload: { type: 'person' } });
      const response = await inject({
        method: 'GET',
        url: `/api/kyc/entities/${json<EntityResponseDto>(entity).id}/validations?${query}`,
        headers: context.org.headers,
      });
      expectContractError(response, 400, 'INVALID_REQUEST', message);
    });

    it('the deepest allowed page still answers', async () => {
      const response = await inject({ method: 'GET', url: '/api/entities?offset=100000&limit=100', headers: context.org.headers });
      expect(response.statusCode).toBe(200);
      expect(json<EntityListResponseDto>(response).pagination).toMatchObject({ offset: 100000, limit: 100 });
    });
  });

  describe('stored strings PostgreSQL would refuse (was a 500)', () => {
    it.each([
      ['POST', '/api/entities', { type: 'person', name: 'Ana\u0000' }, /^name: must not contain NUL/],
      ['POST', '/api/kyc/validations', { entityId: randomUUID(), metadata: { note: 'x\u0000' } }, /^metadata\.note: must not contain NUL/],
      [
        'POST',
        '/api/kyc/validations',
        { entityId: randomUUID(), metadata: { note: 'half \ud800 a pair' } },
        /^metadata\.note: must be valid Unicode/,
      ],
      [
        'POST',
        '/api/kyc/validations',
        { entityId: randomUUID(), metadata: { 'k\u0000': 1 } },
        /^metadata: has a key that must not contain NUL/,
      ],
      [
        'POST',
        '/api/kyc/validations',
        { entityId: randomUUID(), omitWarnings: ['LOW_FACE_QUALITY', 'A\u0000'] },
        /^omitWarnings\[1\]: must not contain NUL/,
      ],
      [
        'PATCH',
        '/api/organizations/current/kyc-settings',
        { renaper: { username: 'user\u0000' } },
        /^renaper\.username: must not contain NUL/,
      ],
    ] as const)('%s %s %j', async (method, url, payload, message) => {
      expectContractError(await inject({ method, url, headers: context.org.headers, payload }), 400, 'INVALID_REQUEST', message);
      await expectAlive(context);
    });

    it('PATCH /api/entities/:id with a NUL in externalId', async () => {
      const entity = await inject({ method: 'POST', url: '/api/entities', headers: context.org.headers, payload: { type: 'person' } });
      const response = await inject({
        method: 'PATCH',
        url: `/api/entities/${json<EntityResponseDto>(entity).id}`,
        headers: context.org.headers,
        payload: { externalId: 'a\u0000b' },
      });
      expectContractError(response, 400, 'INVALID_REQUEST', /^externalId: must not contain NUL/);
    });

    it('POST /api/kyc/biometric with a NUL in externalEntityId is refused and recorded', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/kyc/biometric',
        headers: context.org.headers,
        payload: { user_image: context.image.toString('base64'), externalEntityId: 'c-1\u0000' },
      });
      const body = expectContractError(response, 400, 'INVALID_REQUEST', /^externalEntityId: must not contain NUL/);
      expect(await biometricRow(context, body.requestId)).toMatchObject({
        status: 'failed',
        error_message: expect.stringContaining(body.message),
      });
      await expectAlive(context);
    });
  });

  describe('bodies that are not JSON objects', () => {
    // null, a string and text/plain: entities.controller.spec.ts (fast layer).
    it.each([['an array', '[{"type":"person"}]', 'application/json']])(
      'POST /api/entities with %s',
      async (_name, payload, contentType) => {
        const response = await inject({
          method: 'POST',
          url: '/api/entities',
          headers: { ...context.org.headers, 'content-type': contentType },
          payload,
        });
        expectContractError(response, 400, 'INVALID_REQUEST', /^Send a JSON object as the body/);
        await expectAlive(context);
      },
    );
  });

  describe('path ids', () => {
    it('a malformed id is NOT_FOUND', async () => {
      expectContractError(
        await inject({ method: 'GET', url: '/api/entities/not-a-uuid', headers: context.org.headers }),
        404,
        'NOT_FOUND',
        /^Entity not-a-uuid not found$/,
      );
    });

    it.each([
      ['GET', `/api/kyc/face-match/verifications/${'a'.repeat(5000)}`],
      ['GET', `/api/kyc/face-match/verifications/${'a'.repeat(5000)}/selfie-image`],
      ['PATCH', `/api/entities/${'b'.repeat(5000)}`],
      ['GET', `/kyc/session/${'t'.repeat(10_000)}/state`],
      ['POST', `/kyc/session/${'t'.repeat(10_000)}/consent`],
    ] as const)("%s a 5-10 KB path segment gets the contract error with X-Request-Id, not Fastify's 414", async (method, url) => {
      const response = await inject({ method, url, headers: context.org.headers });
      const body = expectContractError(
        response,
        400,
        'INVALID_REQUEST',
        /^A path segment \(an id or a session token\) is longer than 100 characters$/,
      );
      expect(body.message).not.toContain('aaaa');
      await expectAlive(context);
    });

    it('a malformed percent-encoding gets the contract error', async () => {
      expectContractError(
        await inject({ method: 'GET', url: '/api/entities/%zz', headers: context.org.headers }),
        400,
        'INVALID_REQUEST',
        /URL is malformed/,
      );
    });

    it('an unknown route is NOT_FOUND in the contract shape', async () => {
      expectContractError(
        await inject({ method: 'GET', url: '/api/nothing-here', headers: context.org.headers }),
        404,
        'NOT_FOUND',
        /nothing-here/,
      );
    });

    it("another organization's verification is NOT_FOUND", async () => {
      const mine = await faceMatch(images());
      const other = await context.api.createOrganization('Other');
      const response = await inject({
        method: 'GET',
        url: `/api/kyc/face-match/verifications/${json<FaceMatchResponseDto>(mine).verificationId}`,
        headers: other.headers,
      });
      expectContractError(response, 404, 'NOT_FOUND', /^Verification .* not found$/);
    });
  });

  describe('credentials and headers', () => {
    // A missing header, the Basic scheme, an empty Bearer, X-Organization-Id and X-Request-Id are
    // refused before any lookup: entities.controller.spec.ts (fast layer). This one needs the real key table.
    it.each([['an unknown key', { authorization: 'Bearer kyc_not_a_real_key' }, 401, 'UNAUTHORIZED', /not valid or was revoked/]] as const)(
      'a JSON body with %s is refused before the body is used',
      async (_name, headers, status, code, message) => {
        const response = await inject({
          method: 'POST',
          url: '/api/entities',
          headers: { ...headers },
          payload: { type: 'person', name: 'x' },
        });
        expectContractError(response, status, code, message);
      },
    );

    it('a member key cannot change settings', async () => {
      const response = await inject({
        method: 'PATCH',
        url: '/api/organizations/current/kyc-settings',
        headers: await context.org.memberHeaders(),
        payload: { faceMatch: { enabled: false } },
      });
      expectContractError(response, 403, 'FORBIDDEN', /admin role/);
    });
  });

  describe('hosted session endpoints', () => {
    it('an unknown token is NOT_FOUND', async () => {
      expectContractError(
        await inject({ method: 'GET', url: `/kyc/session/${'x'.repeat(43)}/state` }),
        404,
        'NOT_FOUND',
        /^Session not found$/,
      );
    });

    it('an upload to an unknown token is NOT_FOUND without reading the upload', async () => {
      const body = await formBody([['document', { bytes: context.image }]]);
      const response = await inject({
        method: 'POST',
        url: `/kyc/session/${'y'.repeat(43)}/document`,
        headers: body.headers,
        payload: body.payload,
      });
      expectContractError(response, 404, 'NOT_FOUND', /^Session not found$/);
    });

    it('a selfie before consent is a CONFLICT naming the step, and stores nothing', async () => {
      const { token } = await openSession(context);
      const before = storedFiles(context.api.storageDir);
      const body = await formBody([['selfie', { bytes: context.image }]]);
      const response = await inject({ method: 'POST', url: `/kyc/session/${token}/selfie`, headers: body.headers, payload: body.payload });
      expectContractError(response, 409, 'CONFLICT', /^Give your consent first$/);
      expect(storedFiles(context.api.storageDir)).toEqual(before);
    });

    it('a document field sent twice is named', async () => {
      const { token } = await openSession(context);
      await inject({
        method: 'POST',
        url: `/kyc/session/${token}/consent`,
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      const before = storedFiles(context.api.storageDir);
      const body = await formBody([
        ['document', { bytes: context.image }],
        ['document', { bytes: context.image }],
      ]);
      const response = await inject({
        method: 'POST',
        url: `/kyc/session/${token}/document`,
        headers: body.headers,
        payload: body.payload,
      });
      expectContractError(response, 400, 'INVALID_REQUEST', /^document: sent more than once$/);
      expect(storedFiles(context.api.storageDir)).toEqual(before);
      const state = await inject({ method: 'GET', url: `/kyc/session/${token}/state` });
      expect(state.json()).toMatchObject({ step: 'document', documentReceived: false });
    });
  });
});
