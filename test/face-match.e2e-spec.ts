import { expect } from '@jest/globals';
import sharp from 'sharp';
import { FaceEngine } from '@app/face';
import type { FaceMatchResponseDto, VerificationListResponseDto } from '../apps/api/src/face-match/face-match.dto';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { blankImage, buildFaceFixtures, FaceFixtures } from './support/faces';
import { BodyOrError, ErrorBody, json } from './support/http';
import { file, FormValue, multipart } from './support/multipart';

describe('POST /api/kyc/face-match (real models, real PostgreSQL)', () => {
  let api: TestApi;
  let org: TestOrganization;
  let faces: FaceFixtures;

  beforeAll(async () => {
    api = await startTestApi('facematch');
    org = await api.createOrganization('Face Match Co');
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
  });

  afterAll(() => api.close());

  async function faceMatch(fields: Record<string, FormValue | undefined>, headers = org.headers, query = '') {
    const body = await multipart(fields);
    const response = await api.app.inject({
      method: 'POST',
      url: `/api/kyc/face-match${query}`,
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
    return { status: response.statusCode, body: json<BodyOrError<FaceMatchResponseDto>>(response), headers: response.headers };
  }

  async function lastVerification(headers = org.headers) {
    const response = await api.app.inject({ method: 'GET', url: '/api/kyc/face-match/verifications?limit=1', headers });
    return json<VerificationListResponseDto>(response).verifications[0];
  }

  it('approves the same person on a degraded, document-like photo and records it', async () => {
    const result = await faceMatch({ documentImage: file(faces.personADocument), selfieImage: file(faces.personA), vendorData: 'user-42' });

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: true, status: 'approved', scoreDeclineThreshold: 30 });
    expect(result.body.score).toBeGreaterThanOrEqual(30);
    expect(result.body.warnings).not.toContain('LOW_FACE_MATCH_SIMILARITY');
    expect(result.body.requestId).toBe(result.headers['x-request-id']);

    const record = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/face-match/verifications/${result.body.verificationId}`,
      headers: org.headers,
    });
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({
      id: result.body.verificationId,
      organizationId: org.organizationId,
      status: 'approved',
      match: true,
      score: result.body.score,
      threshold: 30,
      vendorData: 'user-42',
      storageProvider: 'local',
      errorMessage: null,
    });

    const image = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/face-match/verifications/${result.body.verificationId}/selfie-image`,
      headers: org.headers,
    });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.rawPayload.equals(faces.personA)).toBe(true);
  });

  it('declines two different people with LOW_FACE_MATCH_SIMILARITY', async () => {
    const result = await faceMatch({ documentImage: file(faces.personA), selfieImage: file(faces.personB) });

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: false, status: 'declined' });
    expect(result.body.score).toBeLessThan(30);
    expect(result.body.warnings).toContain('LOW_FACE_MATCH_SIMILARITY');
  });

  it('accepts base64 strings, with or without a data URL prefix', async () => {
    const result = await faceMatch({
      documentImage: `data:image/jpeg;base64,${faces.personADocument.toString('base64')}`,
      selfieImage: faces.personA.toString('base64').replace(/(.{76})/g, '$1\n'),
    });
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('approved');
  });

  it('declines with a null score and NO_REFERENCE_IMAGE when the document has no face', async () => {
    const result = await faceMatch({ documentImage: file(await blankImage(), 'blank.png', 'image/png'), selfieImage: file(faces.personA) });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: false, status: 'declined', score: null });
    expect(result.body.warnings).toContain('NO_REFERENCE_IMAGE');
  });

  it('declines with a null score and NO_FACE_DETECTED when the selfie has no face', async () => {
    const result = await faceMatch({ documentImage: file(faces.personA), selfieImage: file(await blankImage(), 'blank.png', 'image/png') });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: false, status: 'declined', score: null });
    expect(result.body.warnings).toEqual(['NO_FACE_DETECTED']);
  });

  it('warns MULTIPLE_FACES_DETECTED when a photo holds several faces', async () => {
    const result = await faceMatch({ documentImage: file(faces.personA), selfieImage: file(faces.group) });
    expect(result.status).toBe(200);
    expect(result.body.warnings).toContain('MULTIPLE_FACES_DETECTED');
  });

  describe('input the contract refuses: 400 naming the field, and a failed audit row', () => {
    const cases: [string, () => Promise<Record<string, FormValue | undefined>> | Record<string, FormValue | undefined>, RegExp][] = [
      ['a missing selfie', () => ({ documentImage: file(faces.personA) }), /selfieImage is required/],
      [
        'bytes that are no image',
        () => ({ documentImage: file(Buffer.from('definitely not an image, just text')), selfieImage: file(faces.personA) }),
        /^documentImage: /,
      ],
      [
        'a GIF',
        () => ({ documentImage: file(faces.personA), selfieImage: file(gif(), 'a.gif', 'image/gif') }),
        /^selfieImage: .*JPEG, PNG, WebP or TIFF/,
      ],
      [
        'a string that is not base64',
        () => ({ documentImage: 'hello world!!', selfieImage: file(faces.personA) }),
        /^documentImage: .*base64/,
      ],
      [
        'an image under 80 px',
        async () => ({
          documentImage: file(await sharp(faces.personA).resize(50, 50).jpeg().toBuffer()),
          selfieImage: file(faces.personA),
        }),
        /^documentImage: .*80/,
      ],
      [
        'an image over 5 MB',
        () => ({
          documentImage: file(faces.personA),
          selfieImage: file(Buffer.concat([faces.personA, Buffer.alloc(5 * 1024 * 1024)])),
        }),
        /^selfieImage: larger than 5 MB/,
      ],
      [
        'a threshold over 100',
        () => ({ documentImage: file(faces.personA), selfieImage: file(faces.personA), scoreThreshold: '150' }),
        /scoreThreshold/,
      ],
      [
        'vendorData over 1000 characters',
        () => ({ documentImage: file(faces.personA), selfieImage: file(faces.personA), vendorData: 'x'.repeat(1001) }),
        /vendorData/,
      ],
      [
        'an entityId that is not a UUID',
        () => ({ documentImage: file(faces.personA), selfieImage: file(faces.personA), entityId: '42' }),
        /entityId/,
      ],
      ['a bad dni', () => ({ documentImage: file(faces.personA), selfieImage: file(faces.personA), dni: '12ab' }), /dni/],
    ];

    it.each(cases)('%s', async (_name, fields, message) => {
      const result = await faceMatch(await fields());
      expect(result.status).toBe(400);
      expect(result.body.code).toBe('INVALID_REQUEST');
      expect(result.body.message).toMatch(message);
      expect(result.body.requestId).toBe(result.headers['x-request-id']);

      const record = await lastVerification();
      expect(record).toMatchObject({
        status: 'failed',
        requestId: result.body.requestId,
        errorMessage: result.body.message,
        match: null,
        score: null,
      });
    });

    it('a JSON body instead of multipart', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: { ...org.headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ documentImage: 'abc', selfieImage: 'abc' }),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/multipart\/form-data/) });
      expect(await lastVerification()).toMatchObject({ status: 'failed', requestId: json<ErrorBody>(response).requestId });
    });
  });

  it('uses the request threshold over the organization threshold over the default 30', async () => {
    const other = await api.createOrganization();
    const pair = { documentImage: file(faces.personADocument), selfieImage: file(faces.personA) };

    const byDefault = await faceMatch(pair, other.headers);
    expect(byDefault.body.scoreDeclineThreshold).toBe(30);
    const score = byDefault.body.score as number;

    const patch = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: other.headers,
      payload: { faceMatch: { scoreDeclineThreshold: Math.min(100, Math.ceil(score) + 1) } },
    });
    expect(patch.statusCode).toBe(200);

    const byOrganization = await faceMatch(pair, other.headers);
    expect(byOrganization.body).toMatchObject({
      status: 'declined',
      match: false,
      scoreDeclineThreshold: Math.min(100, Math.ceil(score) + 1),
    });

    const byRequest = await faceMatch({ ...pair, scoreThreshold: '12.5' }, other.headers);
    expect(byRequest.body).toMatchObject({ status: 'approved', match: true, scoreDeclineThreshold: 12.5 });
  });

  it('refuses with NOT_ENABLED when the organization turned face match off, and audits the call', async () => {
    const other = await api.createOrganization();
    await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: other.headers,
      payload: { faceMatch: { enabled: false } },
    });
    const result = await faceMatch({ documentImage: file(faces.personA), selfieImage: file(faces.personA) }, other.headers);
    expect(result.status).toBe(403);
    expect(result.body.code).toBe('NOT_ENABLED');
    expect(await lastVerification(other.headers)).toMatchObject({ status: 'failed', errorMessage: result.body.message });
  });

  it('answers NOT_ENABLED for the RENAPER double-check, the query parameter winning over the body', async () => {
    const viaQuery = await faceMatch(
      { documentImage: file(faces.personA), selfieImage: file(faces.personA), doubleCheckRenaper: 'false' },
      org.headers,
      '?doubleCheckRenaper=true',
    );
    expect(viaQuery.status).toBe(403);
    expect(viaQuery.body.code).toBe('NOT_ENABLED');
    expect(viaQuery.body.message).toMatch(/RENAPER/);

    const queryOff = await faceMatch(
      { documentImage: file(faces.personADocument), selfieImage: file(faces.personA), doubleCheckRenaper: 'true' },
      org.headers,
      '?doubleCheckRenaper=false',
    );
    expect(queryOff.status).toBe(200);
  });

  it('refuses calls without a valid API key with 401 and records nothing', async () => {
    const total = async () =>
      json<VerificationListResponseDto>(
        await api.app.inject({ method: 'GET', url: '/api/kyc/face-match/verifications', headers: org.headers }),
      ).pagination.total;
    const before = await total();
    const missing = await faceMatch({ documentImage: file(faces.personA), selfieImage: file(faces.personA) }, {});
    const invalid = await faceMatch(
      { documentImage: file(faces.personA), selfieImage: file(faces.personA) },
      { authorization: 'Bearer kyc_not_a_real_key' },
    );
    expect([missing.status, missing.body.code]).toEqual([401, 'UNAUTHORIZED']);
    expect([invalid.status, invalid.body.code]).toEqual([401, 'UNAUTHORIZED']);
    const after = await total();
    expect(after).toBe(before);
  });
});

/** A minimal valid 1x1 GIF: a real image in a format the contract does not accept. */
function gif(): Buffer {
  return Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
}
