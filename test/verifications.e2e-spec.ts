import { expect } from '@jest/globals';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { FaceMatchResponseDto, VerificationListResponseDto, VerificationResponseDto } from '../apps/api/src/face-match/face-match.dto';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { blankImage } from './support/faces';
import { BodyOrError, ErrorBody, json } from './support/http';
import { file, multipart } from './support/multipart';

describe('face-match verifications: listing, filters, tenancy', () => {
  let api: TestApi;
  let org: TestOrganization;
  let entityId: string;

  beforeAll(async () => {
    api = await startTestApi('verifications');
    org = await api.createOrganization();
    const entity = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: org.headers,
      payload: { type: 'person', externalId: 'cust-1' },
    });
    entityId = json<EntityResponseDto>(entity).id;
  });

  afterAll(() => api.close());

  async function call(fields: Record<string, ReturnType<typeof file> | string>, headers = org.headers) {
    const body = await multipart(fields);
    return api.app.inject({ method: 'POST', url: '/api/kyc/face-match', headers: { ...headers, ...body.headers }, payload: body.payload });
  }

  async function list(query: string, headers = org.headers) {
    const response = await api.app.inject({ method: 'GET', url: `/api/kyc/face-match/verifications${query}`, headers });
    return { status: response.statusCode, body: json<BodyOrError<VerificationListResponseDto>>(response) };
  }

  it('filters by entity and status, pages newest first, and reports the organization threshold', async () => {
    const blank = file(await blankImage(), 'blank.png', 'image/png');
    const ids: string[] = [];
    // Two declined calls for the entity (no face: cheap), one failed for the entity, one declined without it.
    for (let i = 0; i < 2; i++) {
      ids.push(json<FaceMatchResponseDto>(await call({ documentImage: blank, selfieImage: blank, entityId })).verificationId);
    }
    await call({ documentImage: blank, entityId });
    await call({ documentImage: blank, selfieImage: blank });

    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body.pagination).toEqual({ limit: 50, offset: 0, total: 4 });
    expect(all.body.scoreDeclineThreshold).toBe(30);
    const created = all.body.verifications.map((v) => Date.parse(v.createdAt));
    expect([...created].sort((a, b) => b - a)).toEqual(created);

    const forEntity = await list(`?entityId=${entityId}`);
    expect(forEntity.body.pagination.total).toBe(3);
    expect(forEntity.body.verifications.every((v) => v.entityId === entityId)).toBe(true);

    const declinedForEntity = await list(`?entityId=${entityId}&status=declined`);
    expect(declinedForEntity.body.verifications.map((v) => v.id).sort()).toEqual([...ids].sort());

    const failed = await list('?status=failed');
    expect(failed.body.pagination.total).toBe(1);
    expect(failed.body.verifications[0].errorMessage).toMatch(/selfieImage is required/);

    const page = await list('?limit=2&offset=1');
    expect(page.body.pagination).toEqual({ limit: 2, offset: 1, total: 4 });
    expect(page.body.verifications.map((v) => v.id)).toEqual(all.body.verifications.slice(1, 3).map((v) => v.id));
  });

  it('refuses bad list parameters with INVALID_REQUEST', async () => {
    for (const query of ['?limit=101', '?limit=0', '?offset=-1', '?status=approvedish', '?entityId=nope']) {
      const result = await list(query);
      expect([query, result.status, result.body.code]).toEqual([query, 400, 'INVALID_REQUEST']);
    }
  });

  it("never shows another organization's verification, image or listing", async () => {
    const blank = file(await blankImage(), 'blank.png', 'image/png');
    const mine = json<FaceMatchResponseDto>(await call({ documentImage: blank, selfieImage: blank })).verificationId;
    const intruder = await api.createOrganization('Intruder');

    for (const url of [
      `/api/kyc/face-match/verifications/${mine}`,
      `/api/kyc/face-match/verifications/${mine}/document-image`,
      `/api/kyc/face-match/verifications/${mine}/selfie-image`,
    ]) {
      const response = await api.app.inject({ method: 'GET', url, headers: intruder.headers });
      expect([url, response.statusCode, json<ErrorBody>(response).code]).toEqual([url, 404, 'NOT_FOUND']);
    }
    expect((await list('', intruder.headers)).body.pagination.total).toBe(0);

    const unknown = await api.app.inject({ method: 'GET', url: '/api/kyc/face-match/verifications/not-a-uuid', headers: org.headers });
    expect(unknown.statusCode).toBe(404);
  });

  it('serves the stored images with their content type', async () => {
    const png = await blankImage();
    const id = json<FaceMatchResponseDto>(
      await call({ documentImage: file(png, 'doc.png', 'image/png'), selfieImage: file(png, 'selfie.png', 'image/png') }),
    ).verificationId;
    const record = json<VerificationResponseDto>(
      await api.app.inject({ method: 'GET', url: `/api/kyc/face-match/verifications/${id}`, headers: org.headers }),
    );
    expect(record.documentStoragePath).toMatch(new RegExp(`${id}/document\\.png$`));
    const image = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/face-match/verifications/${id}/document-image`,
      headers: org.headers,
    });
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(png)).toBe(true);
  });
});
