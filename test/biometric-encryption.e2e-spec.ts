import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { resetEnvironmentCache } from '@app/core';
import { FaceEngine } from '@app/face';
import { BiometricCipher, EncryptedImageStorage, envelopeKeyId, isEnvelope, LocalImageStorage, SecretSealer } from '@app/storage';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { FaceMatchResponseDto, VerificationListResponseDto } from '../apps/api/src/face-match/face-match.dto';
import type { ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { runCli } from '../apps/cli/src/cli';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { buildFaceFixtures, FaceFixtures } from './support/faces';
import { json } from './support/http';
import { file, multipart } from './support/multipart';

const keyA = { id: 'key-a', key: randomBytes(32) };
const keyB = { id: 'key-b', key: randomBytes(32) };
const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);

describe('biometric data at rest: encryption, key rotation and erasure (real PostgreSQL)', () => {
  let api: TestApi;
  let org: TestOrganization;
  let other: TestOrganization;
  let faces: FaceFixtures;
  let entityId: string;
  /** Two verifications of the entity and one without an entity. */
  let approvedId: string;
  let declinedId: string;
  let controlId: string;

  const disk = () => new LocalImageStorage(api.storageDir);
  const storageWith = (keys: { id: string; key: Buffer }[], active: string) =>
    new EncryptedImageStorage(disk(), new BiometricCipher(keys, active));
  const folderOf = (id: string) => join(api.storageDir, 'organizations', org.organizationId, 'face-match', id);
  const onDisk = (id: string, kind: 'document' | 'selfie') => readFileSync(join(folderOf(id), `${kind}.jpg`));
  const selfiePath = (id: string) => `organizations/${org.organizationId}/face-match/${id}/selfie.jpg`;

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

  const getImage = (id: string, kind: 'document' | 'selfie', headers = org.headers) =>
    api.app.inject({ method: 'GET', url: `/api/kyc/face-match/verifications/${id}/${kind}-image`, headers });

  const erase = (id: string, headers = org.headers) => api.app.inject({ method: 'DELETE', url: `/api/entities/${id}/biometrics`, headers });

  /** The CLI in this process, with extra environment variables on top of the API's. */
  async function cli(args: string[], env: Record<string, string>) {
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
    api = await startTestApi('biometric-encryption', {
      BIOMETRIC_ENCRYPTION_KEYS: `${keyA.id}:${keyA.key.toString('base64')}`,
      BIOMETRIC_ENCRYPTION_KEY_ID: keyA.id,
    });
    org = await api.createOrganization('Erasure Co');
    other = await api.createOrganization('Other Co');
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
    const entity = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: org.headers,
      payload: { type: 'person', externalId: 'erase-me' },
    });
    expect(entity.statusCode).toBe(201);
    entityId = json<EntityResponseDto>(entity).id;
    approvedId = await faceMatch(faces.personADocument, faces.personA, entityId);
    declinedId = await faceMatch(faces.personA, faces.personB, entityId);
    controlId = await faceMatch(faces.personADocument, faces.personA);
  }, 120_000);

  afterAll(() => api?.close());

  it('stores ciphertext on disk, never the image, yet serves the original bytes', async () => {
    for (const [id, kind, original] of [
      [approvedId, 'selfie', faces.personA],
      [approvedId, 'document', faces.personADocument],
      [declinedId, 'selfie', faces.personB],
    ] as const) {
      const stored = onDisk(id, kind);
      expect(isEnvelope(stored)).toBe(true);
      expect(envelopeKeyId(stored)).toBe(keyA.id);
      expect(stored.equals(original)).toBe(false);
      expect(stored.includes(JPEG_SOI)).toBe(false);
      expect(stored.includes(original.subarray(0, 64))).toBe(false);

      const served = await getImage(id, kind);
      expect(served.statusCode).toBe(200);
      expect(served.rawPayload.equals(original)).toBe(true);
    }
  });

  it('fails loudly with a server error, never garbage, when the stored image is under a wrong or unknown key', async () => {
    const path = selfiePath(controlId);
    try {
      for (const wrong of [
        storageWith([{ id: keyA.id, key: randomBytes(32) }], keyA.id),
        storageWith([{ id: 'retired', key: randomBytes(32) }], 'retired'),
      ]) {
        await wrong.put(path, faces.personA);
        const response = await getImage(controlId, 'selfie');
        expect(response.statusCode).toBe(500);
        expect(response.json()).toMatchObject({ code: 'VERIFICATION_FAILED' });
        expect(response.rawPayload.includes(JPEG_SOI)).toBe(false);
      }
    } finally {
      await storageWith([keyA], keyA.id).put(path, faces.personA);
    }
    expect((await getImage(controlId, 'selfie')).rawPayload.equals(faces.personA)).toBe(true);
  });

  it('still serves an image written before encryption existed', async () => {
    await disk().put(selfiePath(controlId), faces.personA);
    const served = await getImage(controlId, 'selfie');
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(faces.personA)).toBe(true);
  });

  it('storage:reencrypt moves every image (plaintext and key A) to key B, idempotently, and they stay readable', async () => {
    // Organization secrets share the keyring: one sealed by the API under key A, one left in clear by an older version.
    const settingsPatch = { kycValidation: { webhookSecret: 'the-webhook-secret-sealed-under-key-a' } };
    const patched = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: org.headers,
      payload: settingsPatch,
    });
    expect(patched.statusCode).toBe(200);
    const database = api.app.get(DataSource);
    await database.query('UPDATE organization_kyc_settings SET renaper_password = $2 WHERE organization_id = $1', [
      other.organizationId,
      'a-password-stored-in-clear',
    ]);
    const bothKeys = {
      BIOMETRIC_ENCRYPTION_KEYS: [keyA, keyB].map((k) => `${k.id}:${k.key.toString('base64')}`).join(','),
      BIOMETRIC_ENCRYPTION_KEY_ID: keyB.id,
    };
    const first = await cli(['storage:reencrypt', '--json'], bothKeys);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    // 3 verifications x 2 images: the control's selfie was plaintext (previous test), the rest under key A.
    expect(JSON.parse(first.stdout)).toEqual({
      activeKeyId: keyB.id,
      encrypted: 1,
      rotated: 5,
      current: 0,
      missing: 0,
      failed: 0,
      templates: { rotated: 0, current: 0, failed: 0 },
      secrets: { sealed: 1, rotated: 1, current: 0, failed: 0 },
      cardData: { rotated: 0, current: 0, failed: 0 },
      sessionCards: { rotated: 0, current: 0, failed: 0 },
    });

    const second = await cli(['storage:reencrypt', '--json'], bothKeys);
    expect(JSON.parse(second.stdout)).toMatchObject({
      encrypted: 0,
      rotated: 0,
      current: 6,
      failed: 0,
      secrets: { sealed: 0, rotated: 0, current: 2, failed: 0 },
    });

    const secretsOnlyB = new SecretSealer(new BiometricCipher([keyB], keyB.id));
    const [mine] = await database.query<{ webhook_secret: string }[]>(
      'SELECT webhook_secret FROM organization_kyc_settings WHERE organization_id = $1',
      [org.organizationId],
    );
    const [theirs] = await database.query<{ renaper_password: string }[]>(
      'SELECT renaper_password FROM organization_kyc_settings WHERE organization_id = $1',
      [other.organizationId],
    );
    expect(secretsOnlyB.open(mine.webhook_secret)).toBe('the-webhook-secret-sealed-under-key-a');
    expect(secretsOnlyB.open(theirs.renaper_password)).toBe('a-password-stored-in-clear');
    expect(theirs.renaper_password).not.toContain('a-password-stored-in-clear');

    const onlyB = storageWith([keyB], keyB.id);
    for (const [id, kind, original] of [
      [approvedId, 'selfie', faces.personA],
      [declinedId, 'document', faces.personA],
      [controlId, 'selfie', faces.personA],
    ] as const) {
      expect(envelopeKeyId(onDisk(id, kind))).toBe(keyB.id);
      await expect(onlyB.get(`organizations/${org.organizationId}/face-match/${id}/${kind}.jpg`)).resolves.toEqual(original);
    }
    // The running API only knows key A now: it refuses rather than guessing.
    expect((await getImage(approvedId, 'selfie')).statusCode).toBe(500);
  });

  it("storage:reencrypt also moves a session's pending document, which no row records, and does not count an absent one as missing", async () => {
    const call = (method: 'POST' | 'PATCH', url: string, payload: object) => api.app.inject({ method, url, headers: org.headers, payload });
    expect((await call('PATCH', '/api/organizations/current/kyc-settings', { kycValidation: { enabled: true } })).statusCode).toBe(200);
    const person = await call('POST', '/api/entities', { type: 'person', externalId: 'waiting-for-a-selfie' });
    const personId = json<EntityResponseDto>(person).id;
    const [waiting, empty] = await Promise.all(
      [0, 1].map(async () => json<ValidationResponseDto>(await call('POST', '/api/kyc/validations', { entityId: personId })).id),
    );
    expect([waiting, empty].every((id) => typeof id === 'string')).toBe(true);
    // The hosted page kept this session's document (under key A, the API's key) until the selfie arrives.
    const pendingPath = `organizations/${org.organizationId}/kyc-validations/${waiting}/pending-document`;
    await storageWith([keyA], keyA.id).put(pendingPath, faces.personADocument);
    const bothKeys = {
      BIOMETRIC_ENCRYPTION_KEYS: [keyA, keyB].map((k) => `${k.id}:${k.key.toString('base64')}`).join(','),
      BIOMETRIC_ENCRYPTION_KEY_ID: keyB.id,
    };

    const run = await cli(['storage:reencrypt', '--json'], bothKeys);

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ encrypted: 0, rotated: 1, current: 6, missing: 0, failed: 0 });
    const stored = readFileSync(join(api.storageDir, pendingPath));
    expect(envelopeKeyId(stored)).toBe(keyB.id);
    expect(new BiometricCipher([keyB], keyB.id).open(stored).equals(faces.personADocument)).toBe(true);
  });

  it('DELETE /api/entities/:id/biometrics is for admins, and another organization gets 404', async () => {
    expect((await erase(entityId, await org.memberHeaders())).statusCode).toBe(403);
    const foreign = await erase(entityId, other.headers);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await erase('not-a-uuid')).statusCode).toBe(404);
    expect(readdirSync(folderOf(approvedId)).sort()).toEqual(['document.jpg', 'selfie.jpg']);
  });

  it("erases every image of the entity's verifications and the score inputs, keeps the audit rows, and is idempotent", async () => {
    const before = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/face-match/verifications?entityId=${entityId}`,
      headers: org.headers,
    });
    expect(json<VerificationListResponseDto>(before).pagination.total).toBe(2);

    const response = await erase(entityId);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      entityId,
      verifications: 2,
      images: 4,
      validations: 0,
      templates: 0,
      livenessChecks: 0,
      idVerifications: 0,
    });

    for (const id of [approvedId, declinedId]) {
      expect(existsSync(folderOf(id)) ? readdirSync(folderOf(id)) : []).toEqual([]);
      for (const kind of ['document', 'selfie'] as const) {
        const image = await getImage(id, kind);
        expect(image.statusCode).toBe(404);
      }
      const row = await api.app.inject({ method: 'GET', url: `/api/kyc/face-match/verifications/${id}`, headers: org.headers });
      expect(row.statusCode).toBe(200);
      expect(JSON.stringify(row.json())).not.toMatch(/face-match\//);
    }

    const after = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/face-match/verifications?entityId=${entityId}`,
      headers: org.headers,
    });
    const listed = json<VerificationListResponseDto>(after);
    expect(listed.pagination.total).toBe(2);
    expect(listed.verifications.map((v) => v.id).sort()).toEqual([approvedId, declinedId].sort());
    const approved = listed.verifications.find((v) => v.id === approvedId);
    expect(approved).toMatchObject({ status: 'approved', match: true });

    // Nothing left anywhere in the database row either: no paths, no faces found, no similarities.
    const rows = await api.app
      .get(DataSource)
      .query<{ document_storage_path: string | null; selfie_storage_path: string | null; details: Record<string, unknown> }[]>(
        'SELECT document_storage_path, selfie_storage_path, details FROM face_match_verifications WHERE entity_id = $1',
        [entityId],
      );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.document_storage_path).toBeNull();
      expect(row.selfie_storage_path).toBeNull();
      for (const key of ['document', 'selfie', 'similarity', 'cosines']) expect(row.details).not.toHaveProperty(key);
      expect(row.details).toHaveProperty('biometricsErasedAt');
    }

    const again = await erase(entityId);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({
      entityId,
      verifications: 0,
      images: 0,
      validations: 0,
      templates: 0,
      livenessChecks: 0,
      idVerifications: 0,
    });

    // Another person's images are untouched.
    expect(readdirSync(folderOf(controlId)).sort()).toEqual(['document.jpg', 'selfie.jpg']);
  });
});
