import { expect } from '@jest/globals';
import { json } from '../support/http';
import type { EntityResponseDto } from '../../apps/api/src/entities/entity.dto';
import { randomUUID } from 'node:crypto';
import { InjectOptions } from 'fastify';
import { DataSource } from 'typeorm';
import { expectAlive, expectContractError, formBody, HostileContext, Part, startHostileApi, storedFiles } from './support';

/**
 * The endpoints this round added (liveness, ID verification) under the same hostile input as the
 * older routes: each refusal names the field, the call is audited, nothing is stored, and another
 * organization's ids are NOT_FOUND.
 */
describe('hostile input: POST /api/kyc/liveness and POST /api/kyc/id-verification (real app)', () => {
  let context: HostileContext;

  beforeAll(async () => {
    context = await startHostileApi('hostile-new-endpoints');
    const enabled = await inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: context.org.headers,
      payload: { liveness: { enabled: true }, idVerification: { enabled: true } },
    });
    expect(enabled.statusCode).toBe(200);
  }, 120_000);

  afterAll(() => context.api.close());

  const inject = (options: InjectOptions) => context.api.app.inject(options);

  async function auditStatus(table: 'liveness_checks' | 'id_verifications', requestId: string): Promise<string | null> {
    const rows: { status: string }[] = await context.api.app
      .get(DataSource)
      .query(`SELECT status FROM ${table} WHERE request_id = $1`, [requestId]);
    return rows[0]?.status ?? null;
  }

  async function refused(
    response: Awaited<ReturnType<typeof inject>>,
    table: 'liveness_checks' | 'id_verifications',
    status: number,
    code: string,
    message: RegExp,
  ) {
    const before = storedFiles(context.api.storageDir).length;
    const body = expectContractError(response, status, code, message);
    expect(await auditStatus(table, body.requestId)).toBe('failed');
    expect(storedFiles(context.api.storageDir)).toHaveLength(before);
    await expectAlive(context);
  }

  const liveness = (payload: unknown) =>
    inject({
      method: 'POST',
      url: '/api/kyc/liveness',
      headers: { ...context.org.headers, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  async function idVerification(parts: Part[]) {
    const body = await formBody(parts);
    return inject({
      method: 'POST',
      url: '/api/kyc/id-verification',
      headers: { ...context.org.headers, ...body.headers },
      payload: body.payload,
    });
  }

  it.each([
    ['/api/kyc/liveness/checks?limit=', /^limit must be an integer from 1 to 100$/],
    ['/api/kyc/liveness/checks?offset=100001', /^offset must be an integer from 0 to 100000$/],
    ['/api/kyc/id-verification/verifications?limit=%20', /^limit must be an integer/],
    ['/api/kyc/id-verification/verifications?offset=99999999999999999999', /^offset must be an integer from 0 to 100000$/],
  ])('GET %s is a 400 naming the field (the shared pagination bounds)', async (url, message) => {
    expectContractError(await inject({ method: 'GET', url, headers: context.org.headers }), 400, 'INVALID_REQUEST', message);
  });

  describe('POST /api/kyc/liveness', () => {
    it.each([
      ['an empty user_image', { user_image: '' }, /user_image/],
      ['a blank user_image', { user_image: '   ' }, /user_image/],
      ['a user_image of the wrong type', { user_image: 12345 }, /user_image/],
      ['a user_image that is not an image', { user_image: Buffer.from('not an image at all').toString('base64') }, /user_image/],
      ['a NUL in entityId', { user_image: 'aGk=', entityId: 'a\u0000b' }, /entityId/],
      ['an entityId that is not a uuid', { user_image: 'aGk=', entityId: 'not-a-uuid' }, /entityId/],
    ])('%s is a 400 naming the field, audited, nothing stored', async (_name, payload, message) => {
      await refused(await liveness(payload), 'liveness_checks', 400, 'INVALID_REQUEST', message);
    });

    it("another organization's entity is NOT_FOUND, audited", async () => {
      const other = await context.api.createOrganization('Other liveness org');
      const entity = await inject({ method: 'POST', url: '/api/entities', headers: other.headers, payload: { type: 'person' } });
      await refused(
        await liveness({ user_image: context.image.toString('base64'), entityId: json<EntityResponseDto>(entity).id }),
        'liveness_checks',
        404,
        'NOT_FOUND',
        /Entity/,
      );
    });

    it('a body nested deeper than the limit is a 400', async () => {
      const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
      const response = await inject({
        method: 'POST',
        url: '/api/kyc/liveness',
        headers: { ...context.org.headers, 'content-type': 'application/json' },
        payload: deep,
      });
      expectContractError(response, 400, 'INVALID_REQUEST', /deep|nest/i);
      await expectAlive(context);
    });

    it('a huge image is refused with 413', async () => {
      const response = await liveness({ user_image: 'A'.repeat(12 * 1024 * 1024) });
      expectContractError(response, 413, 'PAYLOAD_TOO_LARGE', /./);
      await expectAlive(context);
    });

    it("another organization's liveness check is NOT_FOUND, and so is a malformed id (it names no record)", async () => {
      const other = await context.api.createOrganization('Other liveness reader');
      expectContractError(
        await inject({ method: 'GET', url: `/api/kyc/liveness/checks/${randomUUID()}`, headers: other.headers }),
        404,
        'NOT_FOUND',
        /./,
      );
      expectContractError(
        await inject({ method: 'GET', url: '/api/kyc/liveness/checks/not-a-uuid', headers: context.org.headers }),
        404,
        'NOT_FOUND',
        /./,
      );
    });
  });

  describe('POST /api/kyc/id-verification', () => {
    /** The valid (faceless) image as documentFront: the field under test is the other one. */
    const front = (): Part => ['documentFront', { bytes: context.image }];
    it.each([
      ['an empty minimumAge', true, [['minimumAge', '']] as Part[], /minimumAge/],
      ['a blank minimumAge', true, [['minimumAge', '  ']] as Part[], /minimumAge/],
      ['a minimumAge that is not a number', true, [['minimumAge', 'eighteen']] as Part[], /minimumAge/],
      ['a NUL in vendorData', true, [['vendorData', 'a\u0000b']] as Part[], /vendorData/],
      ['an entityId that is not a uuid', true, [['entityId', 'nope']] as Part[], /entityId/],
      ['an empty documentFront', false, [['documentFront', '']] as Part[], /documentFront/],
      ['no documentFront', false, [['vendorData', 'x']] as Part[], /documentFront/],
    ])('%s is a 400 naming the field, audited, nothing stored', async (_name, withFront, parts, message) => {
      await refused(await idVerification(withFront ? [front(), ...parts] : parts), 'id_verifications', 400, 'INVALID_REQUEST', message);
    });

    it("another organization's entity is NOT_FOUND, audited", async () => {
      const other = await context.api.createOrganization('Other ID org');
      const entity = await inject({ method: 'POST', url: '/api/entities', headers: other.headers, payload: { type: 'person' } });
      await refused(
        await idVerification([front(), ['entityId', json<EntityResponseDto>(entity).id]]),
        'id_verifications',
        404,
        'NOT_FOUND',
        /Entity/,
      );
    });
  });
});
