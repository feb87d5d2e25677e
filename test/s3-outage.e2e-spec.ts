import { expect } from '@jest/globals';
import { json } from './support/http';
import type { FaceMatchResponseDto } from '../apps/api/src/face-match/face-match.dto';
import { DataSource } from 'typeorm';
import { FaceEngine } from '@app/face';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { buildFaceFixtures, FaceFixtures } from './support/faces';
import { file, multipart } from './support/multipart';
import { startS3Server, TestS3Server } from './support/s3-server';

describe('STORAGE_PROVIDER=s3 with the S3 server down (s3rver, stopped by this test)', () => {
  let s3: TestS3Server;
  let api: TestApi;
  let org: TestOrganization;
  let faces: FaceFixtures;
  let storedId: string;

  const faceMatch = async () => {
    const body = await multipart({ documentImage: file(faces.personADocument), selfieImage: file(faces.personA) });
    return api.app.inject({
      method: 'POST',
      url: '/api/kyc/face-match',
      headers: { ...org.headers, ...body.headers },
      payload: body.payload,
    });
  };

  beforeAll(async () => {
    s3 = await startS3Server();
    api = await startTestApi('s3-outage', { STORAGE_PROVIDER: 's3', ...s3.env() });
    org = await api.createOrganization('Outage Co');
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
    const before = await faceMatch();
    expect(before.statusCode).toBe(200);
    storedId = json<FaceMatchResponseDto>(before).verificationId;
    await s3.stop();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await s3?.destroy();
  });

  it('a face match answers 503 SERVICE_UNAVAILABLE naming the storage, and writes no image and no row pointing at one', async () => {
    const response = await faceMatch();
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(/Image storage \(S3\) is unavailable/),
      requestId: expect.any(String),
    });

    const rows = await api.app
      .get(DataSource)
      .query<{ id: string; status: string; document_storage_path: string | null; selfie_storage_path: string | null }[]>(
        'SELECT id, status, document_storage_path, selfie_storage_path FROM face_match_verifications WHERE organization_id = $1 ORDER BY created_at',
        [org.organizationId],
      );
    // The call is audited as failed, with no image paths; the earlier verification is untouched.
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: storedId, status: 'approved' });
    expect(rows[1]).toMatchObject({ status: 'failed', document_storage_path: null, selfie_storage_path: null });
    // Only the first verification's two objects exist in the (stopped) server's folder.
    const objects = s3.filesOnDisk().filter((name) => name.includes('/face-match/'));
    expect(objects.sort()).toEqual([
      `organizations/${org.organizationId}/face-match/${storedId}/document.jpg`,
      `organizations/${org.organizationId}/face-match/${storedId}/selfie.jpg`,
    ]);
  });

  it('reading a stored image while S3 is down is a 503, not a 500 or a 404', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/face-match/verifications/${storedId}/selfie-image`,
      headers: org.headers,
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
