import { expect } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BiometricCheckRepository, KycValidation, LivenessCheckRepository } from '@app/audit';
import { FaceEngine } from '@app/face';
import { isEnvelope, livenessImagePath, LocalImageStorage } from '@app/storage';
import { runCli } from '../apps/cli/src/cli';
import { SessionDecisionService } from '../apps/api/src/validations/decision/session-decision.service';
import type { BiometricCheckResponseDto } from '../apps/api/src/biometric/biometric-check.dto';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { FaceMatchResponseDto } from '../apps/api/src/face-match/face-match.dto';
import type { LivenessCheckListResponseDto, LivenessResponseDto } from '../apps/api/src/liveness/liveness.dto';
import type { KycSettingsResponseDto } from '../apps/api/src/organizations/kyc-settings.dto';
import { printAttack, seededRandom, seedFor } from '../bench/liveness/attacks';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { blankImage, cropFace, degradeLikeDocument } from './support/faces';
import { BodyOrError, json } from './support/http';
import { file, multipart } from './support/multipart';
import { passedChallenge } from './support/selfie';

const deepface = (name: string) => readFileSync(join(__dirname, '../../shared/faces/deepface/images', name));
/** The bench's print attack of a photo (seed 1, as `npm run bench:liveness` makes it). */
const printOf = (name: string) => printAttack(deepface(name), seededRandom(seedFor(1, name, 'print')));
const SECRET = 'the-webhook-secret-of-the-liveness-suite';

/**
 * POST /api/kyc/liveness, the Biometric Check's checkLiveness and face match's anti-replay, through
 * the real API, PostgreSQL, models and photos; attacks from the benchmark's generator.
 */
describe('Liveness', () => {
  let api: TestApi;
  let org: TestOrganization;

  beforeAll(async () => {
    api = await startTestApi('liveness');
    org = await api.createOrganization('Liveness Co');
  }, 180_000);

  afterAll(async () => {
    await api?.close();
  });

  async function settings(body: Record<string, unknown>, owner = org) {
    const response = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: owner.headers,
      payload: body,
    });
    expect(response.statusCode).toBe(200);
    return json<KycSettingsResponseDto>(response);
  }

  async function liveness(payload: Record<string, unknown> | { form: Awaited<ReturnType<typeof multipart>> }, owner = org) {
    const response =
      'form' in payload
        ? await api.app.inject({
            method: 'POST',
            url: '/api/kyc/liveness',
            headers: { ...owner.headers, ...(payload.form as Awaited<ReturnType<typeof multipart>>).headers },
            payload: (payload.form as Awaited<ReturnType<typeof multipart>>).payload,
          })
        : await api.app.inject({ method: 'POST', url: '/api/kyc/liveness', headers: owner.headers, payload });
    const requestId = response.headers['x-request-id'] as string;
    const rows = (await api.app.get(LivenessCheckRepository).list(owner.organizationId, {}, 100, 0)).items.filter(
      (row) => row.requestId === requestId,
    );
    expect(rows).toHaveLength(1);
    return { status: response.statusCode, body: json<BodyOrError<LivenessResponseDto>>(response), row: rows[0], requestId };
  }

  async function newEntity(): Promise<string> {
    const response = await api.app.inject({ method: 'POST', url: '/api/entities', headers: org.headers, payload: { type: 'person' } });
    expect(response.statusCode).toBe(201);
    return json<EntityResponseDto>(response).id;
  }

  describe('POST /api/kyc/liveness', () => {
    it('answers NOT_ENABLED until liveness.enabled is set, and records the refused call', async () => {
      const result = await liveness({ user_image: deepface('img10.jpg').toString('base64') });
      expect(result.status).toBe(403);
      expect(result.body.code).toBe('NOT_ENABLED');
      expect(result.row).toMatchObject({ status: 'failed', live: null, imageStoragePath: null });
      const updated = await settings({ liveness: { enabled: true } });
      expect(updated.liveness).toEqual({ enabled: true, biometricCheckDefault: false });
    });

    it('approves genuine photos as live, storing each image encrypted (JSON and multipart)', async () => {
      const json = await liveness({ user_image: `data:image/jpeg;base64,${deepface('img10.jpg').toString('base64')}` });
      expect(json.status).toBe(200);
      expect(json.body).toEqual({
        live: true,
        score: expect.any(Number),
        status: 'approved',
        warnings: [],
        livenessCheckId: json.row.id,
        requestId: json.requestId,
      });
      expect(json.body.score).toBeGreaterThan(95);
      const raw = readFileSync(join(api.storageDir, livenessImagePath(org.organizationId, json.row.id)));
      expect(isEnvelope(raw)).toBe(true);
      const image = await api.app.inject({ method: 'GET', url: `/api/kyc/liveness/checks/${json.row.id}/image`, headers: org.headers });
      expect(image.headers['content-type']).toBe('image/jpeg');
      expect(image.rawPayload.equals(deepface('img10.jpg'))).toBe(true);

      const asFile = await liveness({ form: await multipart({ userImage: file(deepface('img17.jpg')) }) });
      expect(asFile.body).toMatchObject({ live: true, status: 'approved' });
      const asBase64 = await liveness({ form: await multipart({ user_image: deepface('img44.jpg').toString('base64') }) });
      expect(asBase64.body).toMatchObject({ live: true, status: 'approved' });
    });

    it('declines generated print attacks with LIVENESS_FACE_ATTACK', async () => {
      for (const name of ['img10.jpg', 'img17.jpg']) {
        const result = await liveness({ user_image: (await printOf(name)).toString('base64') });
        expect(result.body).toMatchObject({ live: false, status: 'declined', warnings: ['LIVENESS_FACE_ATTACK'] });
        expect(result.body.score).toBeLessThan(20);
        expect(result.row).toMatchObject({ status: 'declined', live: false, modelVersion: 'fr_liveness@faceplugin-0.0.1' });
      }
    });

    it('declines an image without a face (NO_FACE_DETECTED), and refuses a request without an image', async () => {
      const blank = await liveness({ user_image: (await blankImage()).toString('base64') });
      expect(blank.body).toMatchObject({ live: false, score: null, status: 'declined', warnings: ['NO_FACE_DETECTED'] });
      const missing = await liveness({ entityId: '00000000-0000-4000-8000-000000000000' });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('INVALID_REQUEST');
      expect(missing.row.status).toBe('failed');
    });

    it('lists and reads the checks of its own organization only', async () => {
      const list = await api.app.inject({ method: 'GET', url: '/api/kyc/liveness/checks?status=declined&limit=2', headers: org.headers });
      expect(list.statusCode).toBe(200);
      expect(json<LivenessCheckListResponseDto>(list).pagination).toMatchObject({ limit: 2, offset: 0, total: 3 });
      expect(json<LivenessCheckListResponseDto>(list).checks.every((c: { status: string }) => c.status === 'declined')).toBe(true);
      const id = json<LivenessCheckListResponseDto>(list).checks[0].id;
      const other = await api.createOrganization('Other Co');
      const foreign = await api.app.inject({ method: 'GET', url: `/api/kyc/liveness/checks/${id}`, headers: other.headers });
      expect(foreign.statusCode).toBe(404);
      const foreignImage = await api.app.inject({ method: 'GET', url: `/api/kyc/liveness/checks/${id}/image`, headers: other.headers });
      expect(foreignImage.statusCode).toBe(404);
    });

    it('storage:reencrypt encrypts a liveness image found in plaintext (written before encryption existed)', async () => {
      const result = await liveness({ user_image: deepface('img44.jpg').toString('base64') });
      const path = livenessImagePath(org.organizationId, result.row.id);
      await new LocalImageStorage(api.storageDir).put(path, deepface('img44.jpg'));
      expect(isEnvelope(readFileSync(join(api.storageDir, path)))).toBe(false);
      const out: string[] = [];
      const status = await runCli(['storage:reencrypt', '--json'], { out: (text) => out.push(text), err: () => undefined });
      expect(status).toBe(0);
      expect(JSON.parse(out.join('\n'))).toMatchObject({ encrypted: 1, failed: 0 });
      expect(isEnvelope(readFileSync(join(api.storageDir, path)))).toBe(true);
      const image = await api.app.inject({ method: 'GET', url: `/api/kyc/liveness/checks/${result.row.id}/image`, headers: org.headers });
      expect(image.rawPayload.equals(deepface('img44.jpg'))).toBe(true);
    });

    it("erases the image with the entity's biometrics; the audit row stays", async () => {
      const entityId = await newEntity();
      const result = await liveness({ user_image: deepface('img10.jpg').toString('base64'), entityId });
      expect(result.row.entityId).toBe(entityId);
      const path = join(api.storageDir, livenessImagePath(org.organizationId, result.row.id));
      expect(existsSync(path)).toBe(true);
      const erased = await api.app.inject({ method: 'DELETE', url: `/api/entities/${entityId}/biometrics`, headers: org.headers });
      expect(erased.json()).toMatchObject({ images: 1, livenessChecks: 1 });
      expect(existsSync(path)).toBe(false);
      const row = await api.app.inject({ method: 'GET', url: `/api/kyc/liveness/checks/${result.row.id}`, headers: org.headers });
      expect(row.json()).toMatchObject({ status: 'approved', hasImage: false, score: result.body.score });
      const image = await api.app.inject({ method: 'GET', url: `/api/kyc/liveness/checks/${result.row.id}/image`, headers: org.headers });
      expect(image.statusCode).toBe(404);
      const again = await api.app.inject({ method: 'DELETE', url: `/api/entities/${entityId}/biometrics`, headers: org.headers });
      expect(again.json()).toMatchObject({ images: 0, livenessChecks: 0 });
    });
  });

  describe('Biometric Check with checkLiveness', () => {
    let entityId: string;
    let approved: KycValidation;
    let attack: Buffer;

    beforeAll(async () => {
      await settings({ kycValidation: { enabled: true, webhookSecret: SECRET } });
      entityId = await newEntity();
      const created = await api.app.inject({ method: 'POST', url: '/api/kyc/validations', headers: org.headers, payload: { entityId } });
      approved = created.json();
      // Angelina Jolie (deepface): the document from one photo, the selfie from another.
      const decision = await api.app.get(SessionDecisionService).decide(approved.id, await degradeLikeDocument(deepface('img4.jpg')), {
        bytes: deepface('img1.jpg'),
        liveness: passedChallenge(),
      });
      expect(decision.status).toBe('approved');
      attack = await printOf('img10.jpg');
    }, 120_000);

    async function check(body: Record<string, unknown>) {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/kyc/biometric',
        headers: org.headers,
        payload: { user_image: attack.toString('base64'), entityId, ...body },
      });
      const rows = await api.app
        .get(BiometricCheckRepository)
        .findByRequestId(org.organizationId, response.headers['x-request-id'] as string);
      return { body: json<BiometricCheckResponseDto>(response), row: rows[0] };
    }

    it('a print of the enrolled person matches without checkLiveness, and does not with it', async () => {
      const plain = await check({ checkLiveness: false });
      expect(plain.body).toMatchObject({ match: true, faceSearch: { status: 'approved', warnings: [] } });
      expect(plain.row).toMatchObject({ checkLiveness: false, livenessScore: null });

      const checked = await check({ checkLiveness: true });
      expect(checked.body).toMatchObject({
        match: false,
        approvedSessionIds: [],
        faceSearch: { status: 'declined', approvedMatchesCount: 1, warnings: ['LIVENESS_FACE_ATTACK'] },
      });
      expect(checked.row).toMatchObject({ status: 'declined', match: false, checkLiveness: true, warnings: ['LIVENESS_FACE_ATTACK'] });
      expect(checked.row.livenessScore).toBeLessThan(20);
    });

    it('takes the default from liveness.biometricCheckDefault, and a live photo still matches', async () => {
      await settings({ liveness: { biometricCheckDefault: true } });
      const defaulted = await check({});
      expect(defaulted.body).toMatchObject({ match: false, faceSearch: { warnings: ['LIVENESS_FACE_ATTACK'] } });
      const live = await check({ user_image: deepface('img10.jpg').toString('base64') });
      expect(live.body).toMatchObject({ match: true, faceSearch: { status: 'approved', warnings: [] } });
      expect(live.row.livenessScore).toBeGreaterThan(95);
    });
  });

  describe('POST /api/kyc/face-match anti-replay', () => {
    async function faceMatch(document: Buffer, selfie: Buffer) {
      const body = await multipart({ documentImage: file(document), selfieImage: file(selfie) });
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: { ...org.headers, ...body.headers },
        payload: body.payload,
      });
      return json<FaceMatchResponseDto>(response);
    }

    it('sends the same JPEG as document and selfie to review with SELFIE_MATCHES_DOCUMENT_IMAGE', async () => {
      const photo = deepface('img10.jpg');
      const result = await faceMatch(photo, photo);
      expect(result).toMatchObject({ status: 'in_review', match: false, warnings: ['SELFIE_MATCHES_DOCUMENT_IMAGE'] });
    });

    it('does the same for a crop of the document image', async () => {
      const document = deepface('img17.jpg');
      const analysis = await api.app.get(FaceEngine).analyze(document);
      const crop = await cropFace(document, analysis.primary!.box);
      const result = await faceMatch(document, crop);
      expect(result).toMatchObject({ status: 'in_review', match: false });
      expect(result.warnings).toContain('SELFIE_MATCHES_DOCUMENT_IMAGE');
    });

    it('approves two different photos of one person without the warning', async () => {
      const result = await faceMatch(await degradeLikeDocument(deepface('img4.jpg')), deepface('img1.jpg'));
      expect(result).toMatchObject({ status: 'approved', match: true, warnings: [] });
    });
  });
});
