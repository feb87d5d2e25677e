import { expect } from '@jest/globals';
import { json } from './support/http';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { FaceMatchResponseDto } from '../apps/api/src/face-match/face-match.dto';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { resetEnvironmentCache } from '@app/core';
import { FaceEngine } from '@app/face';
import {
  BiometricCipher,
  EncryptedImageStorage,
  envelopeKeyId,
  ImageStorageUnavailableError,
  isEnvelope,
  LocalImageStorage,
  S3ImageStorage,
} from '@app/storage';
import { runCli } from '../apps/cli/src/cli';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { buildFaceFixtures, FaceFixtures } from './support/faces';
import { file, multipart } from './support/multipart';
import { startS3Server, TestS3Server } from './support/s3-server';

const keyA = { id: 'key-a', key: randomBytes(32) };
const keyB = { id: 'key-b', key: randomBytes(32) };
const keyEnv = (keys: (typeof keyA)[], active: string) => ({
  BIOMETRIC_ENCRYPTION_KEYS: keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(','),
  BIOMETRIC_ENCRYPTION_KEY_ID: active,
});

describe('S3ImageStorage against a real S3-protocol server (s3rver, its own process)', () => {
  let s3: TestS3Server;
  let storage: S3ImageStorage;
  beforeAll(async () => {
    s3 = await startS3Server();
    storage = s3.raw();
  });
  afterAll(() => s3?.destroy());

  it('stores, reads back, replaces and deletes objects; a missing object is null and deleting twice is fine', async () => {
    const path = 'organizations/o1/face-match/v1/selfie.jpg';
    await storage.put(path, Buffer.from('first'));
    await storage.put(path, Buffer.from('second'));
    await expect(storage.get(path)).resolves.toEqual(Buffer.from('second'));
    expect(s3.filesOnDisk()).toContain(path);
    await storage.delete(path);
    await expect(storage.get(path)).resolves.toBeNull();
    await expect(storage.delete(path)).resolves.toBeUndefined();
    expect(s3.filesOnDisk()).not.toContain(path);
    await expect(storage.get('organizations/nobody/face-match/x/document.jpg')).resolves.toBeNull();
  });

  it('refuses keys that are not storage paths', async () => {
    for (const path of ['../x', 'a/../b', '/abs', '', 'a//b', 'a/\0b'])
      await expect(storage.put(path, Buffer.from('x'))).rejects.toThrow(/storage path/);
  });

  it('a bucket that does not exist is SERVICE_UNAVAILABLE naming the S3 error, not a missing image', async () => {
    const wrong = new S3ImageStorage({
      endpoint: s3.endpoint,
      bucket: 'no-such-bucket',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      requestTimeoutMs: 5000,
      maxAttempts: 1,
    });
    try {
      const failure = await wrong.get('a/b.jpg').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ImageStorageUnavailableError);
      expect(failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('NoSuchBucket') });
    } finally {
      wrong.close();
    }
  });

  it('seals objects like files: the bucket holds the envelope, the reader gets the image', async () => {
    const sealed = new EncryptedImageStorage(storage, new BiometricCipher([keyA], keyA.id));
    await sealed.put('organizations/o2/face-match/v2/document.jpg', Buffer.from('image bytes'));
    const raw = await storage.get('organizations/o2/face-match/v2/document.jpg');
    expect(raw && isEnvelope(raw)).toBe(true);
    expect(raw?.includes(Buffer.from('image bytes'))).toBe(false);
    await expect(sealed.get('organizations/o2/face-match/v2/document.jpg')).resolves.toEqual(Buffer.from('image bytes'));
  });
});

describe('STORAGE_PROVIDER=s3: face match, images, re-encryption, erasure and storage:migrate (real PostgreSQL, s3rver)', () => {
  let s3: TestS3Server;
  let api: TestApi;
  let org: TestOrganization;
  let faces: FaceFixtures;
  let entityId: string;
  let matchId: string;
  let otherId: string;

  const keyPath = (id: string, kind: 'document' | 'selfie') => `organizations/${org.organizationId}/face-match/${id}/${kind}.jpg`;
  const localFile = (id: string, kind: 'document' | 'selfie') => join(api.storageDir, keyPath(id, kind));
  const getImage = (id: string, kind: 'document' | 'selfie') =>
    api.app.inject({ method: 'GET', url: `/api/kyc/face-match/verifications/${id}/${kind}-image`, headers: org.headers });
  const providerOf = async (id: string) =>
    (
      await api.app
        .get(DataSource)
        .query<{ storage_provider: string }[]>('SELECT storage_provider FROM face_match_verifications WHERE id = $1', [id])
    )[0].storage_provider;

  async function faceMatch(documentImage: Buffer, selfieImage: Buffer, entity?: string): Promise<string> {
    const body = await multipart({ documentImage: file(documentImage), selfieImage: file(selfieImage), entityId: entity });
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/kyc/face-match',
      headers: { ...org.headers, ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(200);
    return json<FaceMatchResponseDto>(response).verificationId;
  }

  /** The CLI in this process, with extra environment variables on top of the API's. */
  async function cli(args: string[], env: Record<string, string> = {}) {
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    resetEnvironmentCache();
    const out: string[] = [];
    const err: string[] = [];
    try {
      const status = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
      return { status, stdout: out.join('\n'), stderr: err.join('\n') };
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      resetEnvironmentCache();
    }
  }

  beforeAll(async () => {
    s3 = await startS3Server();
    api = await startTestApi('s3-storage', { STORAGE_PROVIDER: 's3', ...s3.env(), ...keyEnv([keyA], keyA.id) });
    org = await api.createOrganization('S3 Co');
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
    const entity = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: org.headers,
      payload: { type: 'person', externalId: 's3-person' },
    });
    entityId = json<EntityResponseDto>(entity).id;
    matchId = await faceMatch(faces.personADocument, faces.personA, entityId);
    otherId = await faceMatch(faces.personADocument, faces.personA);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await s3?.destroy();
  });

  it('records storageProvider "s3", keeps sealed objects in the bucket and nothing on disk, and serves the images back', async () => {
    const row = await api.app.inject({ method: 'GET', url: `/api/kyc/face-match/verifications/${matchId}`, headers: org.headers });
    expect(row.json()).toMatchObject({ id: matchId, storageProvider: 's3' });
    for (const [kind, original] of [
      ['selfie', faces.personA],
      ['document', faces.personADocument],
    ] as const) {
      const stored = await s3.raw().get(keyPath(matchId, kind));
      expect(stored && isEnvelope(stored)).toBe(true);
      expect(stored?.includes(original.subarray(0, 64))).toBe(false);
      expect(existsSync(localFile(matchId, kind))).toBe(false);
      const served = await getImage(matchId, kind);
      expect(served.statusCode).toBe(200);
      expect(served.rawPayload.equals(original)).toBe(true);
    }
  });

  it('a row whose object is gone answers 404 NOT_FOUND, not a 500', async () => {
    const stored = (await s3.raw().get(keyPath(otherId, 'document'))) as Buffer;
    await s3.raw().delete(keyPath(otherId, 'document'));
    try {
      const response = await getImage(otherId, 'document');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await s3.raw().put(keyPath(otherId, 'document'), stored);
    }
  });

  it('storage:reencrypt rotates the S3 objects to the new key in place, idempotently', async () => {
    const first = await cli(['storage:reencrypt', '--json'], keyEnv([keyA, keyB], keyB.id));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ activeKeyId: keyB.id, encrypted: 0, rotated: 4, current: 0, missing: 0, failed: 0 });
    for (const id of [matchId, otherId]) expect(envelopeKeyId((await s3.raw().get(keyPath(id, 'selfie'))) as Buffer)).toBe(keyB.id);
    const onlyB = new EncryptedImageStorage(s3.raw(), new BiometricCipher([keyB], keyB.id));
    await expect(onlyB.get(keyPath(matchId, 'selfie'))).resolves.toEqual(faces.personA);
    const second = await cli(['storage:reencrypt', '--json'], keyEnv([keyA, keyB], keyB.id));
    expect(JSON.parse(second.stdout)).toMatchObject({ rotated: 0, current: 4, failed: 0 });
    // Back to key A, which the running API holds.
    expect((await cli(['storage:reencrypt', '--json'], keyEnv([keyA, keyB], keyA.id))).status).toBe(0);
  });

  it('storage:migrate moves images between providers, verified and resumable; rows follow and the images stay served', async () => {
    expect((await cli(['storage:migrate', '--to', 'gcs'])).status).toBe(2);

    // Back to local first (what a deployment upgrading to S3 starts from): the rows say local, the bucket is emptied.
    const toLocal = await cli(['storage:migrate', '--to', 'local', '--json']);
    expect(toLocal.stderr).toBe('');
    expect(JSON.parse(toLocal.stdout)).toEqual({
      from: 's3',
      to: 'local',
      verifications: 2,
      validations: 0,
      livenessChecks: 0,
      idVerifications: 0,
      images: 4,
      missing: 0,
      failed: 0,
    });
    expect(await providerOf(matchId)).toBe('local');
    expect(await s3.raw().get(keyPath(matchId, 'selfie'))).toBeNull();
    expect(existsSync(localFile(matchId, 'selfie'))).toBe(true);
    // The API is configured for S3 and still serves the rows on local disk: each row names its provider.
    expect((await getImage(matchId, 'selfie')).rawPayload.equals(faces.personA)).toBe(true);

    // An interrupted earlier run: one object already copied to S3 (the row still says local).
    const localSelfie = new LocalImageStorage(api.storageDir);
    await s3.raw().put(keyPath(otherId, 'selfie'), (await localSelfie.get(keyPath(otherId, 'selfie'))) as Buffer);

    const toS3 = await cli(['storage:migrate', '--to', 's3', '--json']);
    expect(toS3.stderr).toBe('');
    expect(toS3.status).toBe(0);
    expect(JSON.parse(toS3.stdout)).toEqual({
      from: 'local',
      to: 's3',
      verifications: 2,
      validations: 0,
      livenessChecks: 0,
      idVerifications: 0,
      images: 4,
      missing: 0,
      failed: 0,
    });
    for (const id of [matchId, otherId]) {
      expect(await providerOf(id)).toBe('s3');
      for (const kind of ['document', 'selfie'] as const) {
        expect(existsSync(localFile(id, kind))).toBe(false);
        expect(isEnvelope((await s3.raw().get(keyPath(id, kind))) as Buffer)).toBe(true);
      }
    }
    expect((await getImage(matchId, 'document')).rawPayload.equals(faces.personADocument)).toBe(true);

    const again = await cli(['storage:migrate', '--to', 's3', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ verifications: 0, images: 0, failed: 0 });
  });

  it("erasure removes the entity's objects from the bucket and leaves the others", async () => {
    const response = await api.app.inject({ method: 'DELETE', url: `/api/entities/${entityId}/biometrics`, headers: org.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ verifications: 1, images: 2 });
    for (const kind of ['document', 'selfie'] as const) {
      expect(await s3.raw().get(keyPath(matchId, kind))).toBeNull();
      expect(s3.filesOnDisk().some((name) => name.includes(matchId))).toBe(false);
      expect(s3.filesOnDisk()).toContain(keyPath(otherId, kind));
      expect((await getImage(matchId, kind)).statusCode).toBe(404);
      expect(await s3.raw().get(keyPath(otherId, kind))).not.toBeNull();
    }
  });
});
