import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { BiometricCheckRepository, FaceTemplateRecord, WebhookDelivery } from '@app/audit';
import { DomainError } from '@app/core';
import { FaceEngine } from '@app/face';
import { BiometricCipher, IMAGE_STORAGE, ImageStorage, isEnvelope, kycValidationImagePath } from '@app/storage';
import type { BiometricCheckResponseDto } from '../apps/api/src/biometric/biometric-check.dto';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import { openFaceTemplate } from '../apps/api/src/validations/decision/face-template-codec';
import { SelfieSubmission, SessionDecisionService } from '../apps/api/src/validations/decision/session-decision.service';
import type { ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { blankImage, buildFaceFixtures, FaceFixtures } from './support/faces';
import { BodyOrError, json, Jsonified } from './support/http';
import { file, multipart, MultipartBody } from './support/multipart';
import { passedChallenge, recapture } from './support/selfie';

/** The parts of `decision` these tests read. */
interface DecisionView {
  faceMatch: { score: number | null; threshold: number; match: boolean };
  warnings: string[];
  omittedWarnings: string[];
}

const submitted = new Set<string>();
let recaptures = 0;

/**
 * A selfie as a passed challenge gives it. The fixtures reuse a few photos across sessions of one
 * organization, which the anti-replay memory rightly flags (SELFIE_REPLAYED); a photo already
 * submitted is therefore mirrored and framed differently (a new capture of the same face), so these tests keep
 * proving the face-match rules. The liveness and replay rules have their own specs and suites.
 */
async function live(bytes: Buffer): Promise<SelfieSubmission> {
  const key = createHash('sha256').update(bytes).digest('hex');
  let sent = bytes;
  if (submitted.has(key)) {
    recaptures++;
    sent = await recapture(bytes, recaptures);
  }
  submitted.add(key);
  return { bytes: sent, liveness: passedChallenge() };
}

type CheckPayload = Record<string, unknown> | { multipart: MultipartBody };

const SECRET = 'the-webhook-secret-of-the-session-biometrics-suite';

/**
 * The session decision (document portrait vs selfie → approved | rejected | in_review, images and
 * a sealed template stored) and the Biometric Check against those templates, through the real API,
 * real PostgreSQL, real models and real faces.
 */
describe('Session decision and Biometric Check', () => {
  let api: TestApi;
  let org: TestOrganization;
  let decider: SessionDecisionService;
  let faces: FaceFixtures;
  /** Person A again, as a different capture (smaller, re-encoded): never byte-identical to the enrolled selfie. */
  let personAProbe: Buffer;

  beforeAll(async () => {
    api = await startTestApi('session-biometrics');
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
    personAProbe = await sharp(faces.personA).resize({ width: 220 }).jpeg({ quality: 70 }).toBuffer();
    decider = api.app.get(SessionDecisionService);
    org = await api.createOrganization('Biometrics Co');
    await configure(org, { enabled: true, webhookSecret: SECRET });
  }, 180_000);

  afterAll(async () => {
    await api?.close();
  });

  async function configure(owner: TestOrganization, kycValidation: Record<string, unknown>): Promise<void> {
    const response = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: owner.headers,
      payload: { kycValidation },
    });
    expect(response.statusCode).toBe(200);
  }

  async function newEntity(externalId?: string, owner: TestOrganization = org): Promise<string> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: owner.headers,
      payload: { type: 'person', externalId },
    });
    expect(response.statusCode).toBe(201);
    return json<EntityResponseDto>(response).id;
  }

  async function newValidation(entityId: string, extra: Record<string, unknown> = {}): Promise<Jsonified<ValidationResponseDto>> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/kyc/validations',
      headers: org.headers,
      payload: { entityId, ...extra },
    });
    expect(response.statusCode).toBe(201);
    return json<ValidationResponseDto>(response);
  }

  function templatesOf(validationId: string): Promise<FaceTemplateRecord[]> {
    return api.app.get(DataSource).getRepository(FaceTemplateRecord).findBy({ kycValidationId: validationId });
  }

  describe('decide()', () => {
    it('approves the same person (degraded document vs selfie) and stores both images encrypted and a sealed template', async () => {
      const entityId = await newEntity();
      const validation = await newValidation(entityId);
      const result = await decider.decide(validation.id, faces.personADocument, await live(faces.personA));

      expect(result.status).toBe('approved');
      expect(result.validation.status).toBe('approved');
      const decision = result.validation.decision as unknown as DecisionView;
      expect(decision.faceMatch.match).toBe(true);
      expect(decision.faceMatch.score).toBeGreaterThanOrEqual(decision.faceMatch.threshold);
      expect(decision.faceMatch.threshold).toBe(30);
      expect(decision).toMatchObject({
        warnings: [],
        document: { faceDetected: true },
        selfie: { faceDetected: true, templateStored: true },
      });
      expect(JSON.stringify(decision)).not.toMatch(/vector|embeddings|f32/);

      const fetched = await api.app.inject({ method: 'GET', url: `/api/kyc/validations/${validation.id}`, headers: org.headers });
      expect(fetched.json()).toMatchObject({ status: 'approved', decision: { faceMatch: { match: true } } });

      const storage = api.app.get<ImageStorage>(IMAGE_STORAGE);
      for (const [kind, bytes] of [
        ['document', faces.personADocument],
        ['selfie', faces.personA],
      ] as const) {
        const path = kycValidationImagePath(org.organizationId, validation.id, kind);
        const raw = readFileSync(join(api.storageDir, path));
        expect(isEnvelope(raw)).toBe(true);
        expect(raw.includes(bytes.subarray(0, 64))).toBe(false);
        expect(await storage.get(path)).toEqual(bytes);
      }

      const [template] = await templatesOf(validation.id);
      expect(template).toMatchObject({ organizationId: org.organizationId, entityId, modelVersion: api.app.get(FaceEngine).modelVersion });
      expect(isEnvelope(template.template)).toBe(true);
      const opened = openFaceTemplate(api.app.get(BiometricCipher), template.template);
      expect('embeddings' in opened && opened.embeddings.length).toBe(api.app.get(FaceEngine).embedders.length);
    });

    it('writes the opening and the decision to the webhook outbox, the decision without embeddings', async () => {
      const validation = await newValidation(await newEntity(), { webhookUrl: 'http://127.0.0.1:9/kyc-hook' });
      await decider.decide(validation.id, faces.personADocument, await live(faces.personA));
      const deliveries = await api.app
        .get(DataSource)
        .getRepository(WebhookDelivery)
        .find({ where: { organizationId: org.organizationId }, order: { createdAt: 'ASC' } });
      const events = deliveries.filter((d) => (d.payload as { id?: string }).id === validation.id);
      expect(events.map((d) => d.event)).toEqual(['kyc.validation_created', 'kyc.validation_in_progress', 'kyc.validation_approved']);
      expect(events[2].payload).toMatchObject({ status: 'approved', decision: { faceMatch: { match: true } } });
      expect(JSON.stringify(events[2].payload)).not.toMatch(/vector|embeddings/);
    });

    it('rejects different people with LOW_FACE_MATCH_SIMILARITY', async () => {
      const validation = await newValidation(await newEntity());
      const result = await decider.decide(validation.id, faces.personADocument, await live(faces.personB));
      expect(result.status).toBe('rejected');
      expect(result.validation.decision).toMatchObject({ faceMatch: { match: false }, warnings: ['LOW_FACE_MATCH_SIMILARITY'] });
    });

    it('rejects a document without a face (NO_REFERENCE_IMAGE) and a selfie without one (NO_FACE_DETECTED, no template)', async () => {
      const noPortrait = await newValidation(await newEntity());
      const first = await decider.decide(noPortrait.id, await blankImage(), await live(faces.personA));
      expect(first.status).toBe('rejected');
      expect(first.validation.decision).toMatchObject({ faceMatch: { score: null, match: false }, warnings: ['NO_REFERENCE_IMAGE'] });

      const noSelfie = await newValidation(await newEntity());
      const second = await decider.decide(noSelfie.id, faces.personADocument, await live(await blankImage()));
      expect(second.status).toBe('rejected');
      expect(second.validation.decision).toMatchObject({ warnings: ['NO_FACE_DETECTED'], selfie: { templateStored: false } });
      expect(await templatesOf(noSelfie.id)).toHaveLength(0);
    });

    it('sends a match with several faces to review, unless the validation omits MULTIPLE_FACES_DETECTED', async () => {
      // The group photo mirrored: the document is cut from the original photo, and a selfie that is the
      // document's own photo is refused (SELFIE_MATCHES_DOCUMENT_IMAGE), which is not what this test is about.
      const group = await sharp(faces.group).flop().jpeg({ quality: 92 }).toBuffer();
      const reviewed = await decider.decide((await newValidation(await newEntity())).id, faces.personADocument, await live(group));
      expect(reviewed.status).toBe('in_review');
      expect(reviewed.validation.decision).toMatchObject({ warnings: expect.arrayContaining(['MULTIPLE_FACES_DETECTED']) });

      const omitting = await newValidation(await newEntity(), { omitWarnings: ['MULTIPLE_FACES_DETECTED'] });
      const result = await decider.decide(omitting.id, faces.personADocument, await live(group));
      const decision = result.validation.decision as unknown as DecisionView;
      expect(decision.warnings).not.toContain('MULTIPLE_FACES_DETECTED');
      expect(decision.omittedWarnings).toContain('MULTIPLE_FACES_DETECTED');
      expect(result.status).toBe(decision.warnings.includes('LOW_FACE_QUALITY') ? 'in_review' : 'approved');
    });

    it('refuses an unusable image naming its field, and a session already decided', async () => {
      const validation = await newValidation(await newEntity());
      await expect(decider.decide(validation.id, Buffer.from('not an image at all'), await live(faces.personA))).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(/^documentImage: /),
      });
      await expect(
        decider.decide(validation.id, faces.personADocument, await live(faces.personA), { document: 'document', selfie: 'selfie' }),
      ).resolves.toMatchObject({ status: 'approved' });
      const again = decider.decide(validation.id, faces.personADocument, await live(faces.personA));
      await expect(again).rejects.toBeInstanceOf(DomainError);
      await expect(again).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('POST /api/kyc/biometric', () => {
    let entityId: string;
    let approved: Jsonified<ValidationResponseDto>;

    beforeAll(async () => {
      entityId = await newEntity('customer-ana');
      approved = await newValidation(entityId);
      expect((await decider.decide(approved.id, faces.personADocument, await live(faces.personA))).status).toBe('approved');
    }, 60_000);

    async function check(payload: CheckPayload, owner: TestOrganization = org) {
      const form = 'multipart' in payload ? (payload.multipart as MultipartBody) : null;
      const response = form
        ? await api.app.inject({
            method: 'POST',
            url: '/api/kyc/biometric',
            headers: { ...owner.headers, ...form.headers },
            payload: form.payload,
          })
        : await api.app.inject({ method: 'POST', url: '/api/kyc/biometric', headers: owner.headers, payload });
      const requestId = response.headers['x-request-id'] as string;
      const rows = await api.app.get(BiometricCheckRepository).findByRequestId(owner.organizationId, requestId);
      expect(rows).toHaveLength(1);
      return { status: response.statusCode, body: json<BodyOrError<BiometricCheckResponseDto>>(response), row: rows[0], requestId };
    }

    it('matches the same person against the approved session (JSON, entityId)', async () => {
      const result = await check({ user_image: personAProbe.toString('base64'), entityId });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        match: true,
        approvedSessionIds: [approved.sessionId],
        matchedKycValidationIds: [approved.id],
        faceSearch: { status: 'approved', totalMatches: 1, approvedMatchesCount: 1, requestId: result.requestId, warnings: [] },
      });
      expect(result.row).toMatchObject({
        entityId,
        status: 'approved',
        match: true,
        totalMatches: 1,
        approvedMatchesCount: 1,
        templatesCompared: 1,
        matchedKycValidationIds: [approved.id],
      });
    });

    it('does not match a different person', async () => {
      const result = await check({ user_image: `data:image/jpeg;base64,${faces.personB.toString('base64')}`, entityId });
      expect(result.body).toMatchObject({
        match: false,
        approvedSessionIds: [],
        matchedKycValidationIds: [],
        faceSearch: { status: 'declined', totalMatches: 0, approvedMatchesCount: 0, warnings: ['LOW_FACE_MATCH_SIMILARITY'] },
      });
      expect(result.row).toMatchObject({ status: 'declined', match: false });
    });

    it('does not match an entity without approved validations: zero counts, or matches of other statuses only', async () => {
      const empty = await check({ user_image: personAProbe.toString('base64'), entityId: await newEntity() });
      expect(empty.body).toMatchObject({
        match: false,
        faceSearch: { status: 'declined', totalMatches: 0, approvedMatchesCount: 0, warnings: ['NO_REFERENCE_IMAGE'] },
      });

      const rejectedOnly = await newEntity();
      const rejected = await newValidation(rejectedOnly);
      expect((await decider.decide(rejected.id, await blankImage(), await live(faces.personA))).status).toBe('rejected');
      const result = await check({ user_image: personAProbe.toString('base64'), entityId: rejectedOnly });
      expect(result.body).toMatchObject({
        match: false,
        approvedSessionIds: [],
        faceSearch: { status: 'declined', totalMatches: 1, approvedMatchesCount: 0 },
      });
    });

    it('resolves the entity by externalEntityId', async () => {
      const result = await check({ user_image: personAProbe.toString('base64'), externalEntityId: 'customer-ana' });
      expect(result.body).toMatchObject({ match: true, matchedKycValidationIds: [approved.id] });
      expect(result.row.entityId).toBe(entityId);
    });

    it('answers NOT_FOUND for an unknown entity, and INVALID_REQUEST without an id or an image', async () => {
      const byId = await check({ user_image: personAProbe.toString('base64'), entityId: randomUUID() });
      expect(byId).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' }, row: { status: 'failed', entityId: null } });
      const byExternal = await check({ user_image: personAProbe.toString('base64'), externalEntityId: 'nobody' });
      expect(byExternal).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

      const noId = await check({ user_image: personAProbe.toString('base64') });
      expect(noId).toMatchObject({
        status: 400,
        body: { code: 'INVALID_REQUEST', message: expect.stringMatching(/entityId or externalEntityId/) },
      });
      const noImage = await check({ entityId });
      expect(noImage).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST', message: expect.stringMatching(/user_image/) } });
      const badImage = await check({ user_image: Buffer.from('plain text, not an image').toString('base64'), entityId });
      expect(badImage).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST', message: expect.stringMatching(/^user_image: /) } });
      expect(badImage.row.errorMessage).toMatch(/^INVALID_REQUEST: user_image: /);
    });

    it('takes a JSON body larger than the default 1 MB limit (an image of up to 5 MB as base64)', async () => {
      const noise = await sharp(randomBytes(700 * 700 * 3), { raw: { width: 700, height: 700, channels: 3 } })
        .png()
        .toBuffer();
      expect((noise.length * 4) / 3).toBeGreaterThan(1024 * 1024);
      const result = await check({ user_image: noise.toString('base64'), entityId });
      expect(result).toMatchObject({ status: 200, body: { match: false, faceSearch: { warnings: ['NO_FACE_DETECTED'] } } });
    });

    it('accepts multipart with userImage as a file and user_image as a base64 string', async () => {
      const asFile = await check({ multipart: await multipart({ userImage: file(personAProbe), entityId }) });
      expect(asFile).toMatchObject({ status: 200, body: { match: true, approvedSessionIds: [approved.sessionId] } });
      const asBase64 = await check({
        multipart: await multipart({ user_image: personAProbe.toString('base64'), externalEntityId: 'customer-ana' }),
      });
      expect(asBase64).toMatchObject({ status: 200, body: { match: true, matchedKycValidationIds: [approved.id] } });
      const missing = await check({ multipart: await multipart({ entityId }) });
      expect(missing).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST', message: expect.stringMatching(/userImage/) } });
    });

    it('needs the kycValidation integration enabled (NOT_ENABLED) and its webhook secret (NOT_CONFIGURED)', async () => {
      const other = await api.createOrganization('Not set up');
      const otherEntity = await newEntity(undefined, other);
      const disabled = await check({ user_image: personAProbe.toString('base64'), entityId: otherEntity }, other);
      expect(disabled).toMatchObject({ status: 403, body: { code: 'NOT_ENABLED' }, row: { status: 'failed' } });
      await configure(other, { enabled: true });
      const unconfigured = await check({ user_image: personAProbe.toString('base64'), entityId: otherEntity }, other);
      expect(unconfigured).toMatchObject({ status: 403, body: { code: 'NOT_CONFIGURED' }, row: { status: 'failed' } });
      // Another organization's entity is not found from here.
      const foreign = await check({ user_image: personAProbe.toString('base64'), entityId: otherEntity });
      expect(foreign).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    });

    it("erases the sessions' images and templates with the entity's biometrics", async () => {
      const erased = await api.app.inject({ method: 'DELETE', url: `/api/entities/${entityId}/biometrics`, headers: org.headers });
      expect(erased.statusCode).toBe(200);
      expect(erased.json()).toEqual({
        entityId,
        verifications: 0,
        images: 2,
        validations: 1,
        templates: 1,
        livenessChecks: 0,
        idVerifications: 0,
      });
      expect(existsSync(join(api.storageDir, kycValidationImagePath(org.organizationId, approved.id, 'selfie')))).toBe(false);
      expect(await templatesOf(approved.id)).toHaveLength(0);
      const fetched = await api.app.inject({ method: 'GET', url: `/api/kyc/validations/${approved.id}`, headers: org.headers });
      expect(fetched.json()).toMatchObject({ status: 'approved', decision: { biometricsErasedAt: expect.any(String) } });
      expect(json<ValidationResponseDto>(fetched).decision?.storage).toBeUndefined();

      const after = await check({ user_image: personAProbe.toString('base64'), entityId });
      expect(after.body).toMatchObject({ match: false, faceSearch: { totalMatches: 0, warnings: ['NO_REFERENCE_IMAGE'] } });
      const again = await api.app.inject({ method: 'DELETE', url: `/api/entities/${entityId}/biometrics`, headers: org.headers });
      expect(again.json()).toEqual({
        entityId,
        verifications: 0,
        images: 0,
        validations: 0,
        templates: 0,
        livenessChecks: 0,
        idVerifications: 0,
      });
    });
  });
});
