import { expect } from '@jest/globals';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dniData, dniPerson } from '@app/document/testing';
import { FaceEngine } from '@app/face';
import { isEnvelope } from '@app/storage';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { HostedSessionStateDto } from '../apps/api/src/hosted/hosted-session.dto';
import type { KycSettingsResponseDto } from '../apps/api/src/organizations/kyc-settings.dto';
import { SelfieSubmission, SessionDecisionService } from '../apps/api/src/validations/decision/session-decision.service';
import type { ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { photographCard, renderDniFront } from './support/dni-card';
import { buildFaceFixtures, FaceFixtures } from './support/faces';
import { ErrorBody, json } from './support/http';
import { file, multipart } from './support/multipart';
import { eventually, startInProcessWorker } from './support/renaper';
import { passedChallenge, recapture } from './support/selfie';
import { ReceivedWebhook, startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'the-webhook-secret-of-the-session-document-suite';

/** The card on the photos (MARIA VALERIA SOSA, DNI 28456712), and what its barcode says, as the ID verification returns it. */
const PERSON = dniPerson();
const CARD_DATA = dniData();

/** The entity's data as the card says it (accents, case and punctuation differ, which is fine). A taxId is unique per organization: one entity has it. */
const CONSISTENT_ENTITY = {
  type: 'person',
  person: { firstName: 'María Valeria', lastName: 'Sosa', idNumber: '28.456.712', gender: 'F', dateOfBirth: '1981-03-09' },
};

/** Identity numbers that must never be stored or sent in clear outside the sealed reading and the shown decision. */
const IDENTITY_NUMBERS = /28456712|00623451287|27284567124/;

/**
 * The session's document step reads the DNI barcode: the decision shows the card's data and
 * warnings (GET and webhooks), a card contradicting the entity goes to review, an organization can
 * require a readable barcode (the hosted step refuses the photo and takes a retake), and erasure
 * forgets the data. Real API, worker, PostgreSQL, Redis, face models, reader thread, synthetic cards.
 */
describe('Session document step: the DNI card in the decision', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  let org: TestOrganization;
  let strict: TestOrganization;
  let faces: FaceFixtures;
  let decider: SessionDecisionService;
  let cardFront: Buffer;
  let selfies = 0;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(SECRET);
    api = await startTestApi('session-document', { WEBHOOK_BACKOFF_MS: '150', WEBHOOK_MAX_ATTEMPTS: '3' });
    worker = await startInProcessWorker();
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
    decider = api.app.get(SessionDecisionService);
    cardFront = await cardPhoto();
    org = await api.createOrganization('Cards Co');
    const lenient = await configure(org, { kycValidation: { enabled: true, webhookUrl: receiver.url, webhookSecret: SECRET } });
    expect(lenient).toMatchObject({ documentReading: { requireReadableBarcode: false } });
    strict = await api.createOrganization('Strict Cards Co');
    const required = await configure(strict, {
      kycValidation: { enabled: true, webhookSecret: SECRET },
      documentReading: { requireReadableBarcode: true },
    });
    expect(required).toMatchObject({ documentReading: { requireReadableBarcode: true } });
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
  });

  async function configure(owner: TestOrganization, payload: Record<string, unknown>) {
    const response = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: owner.headers,
      payload,
    });
    expect(response.statusCode).toBe(200);
    return json<KycSettingsResponseDto>(response);
  }

  /** A phone photo of the card front, its portrait person A. */
  async function cardPhoto(options: Parameters<typeof renderDniFront>[1] = {}): Promise<Buffer> {
    const card = await renderDniFront(PERSON, { portrait: faces.personA, ...options });
    return photographCard(card, { name: 'e2e', rotation: 3, jpegQuality: 80, cardWidth: 1000 });
  }

  /** A passed live selfie of person A: mirrored, and framed differently each time (no session replays another's frames). */
  async function liveSelfie(): Promise<SelfieSubmission> {
    selfies++;
    return { bytes: await recapture(faces.personA, selfies), liveness: passedChallenge() };
  }

  /** A new entity and session of `owner`, consented on the hosted page. */
  async function openSession(owner: TestOrganization, entity: Record<string, unknown> = { type: 'person' }, omitWarnings?: string[]) {
    const created = await api.app.inject({ method: 'POST', url: '/api/entities', headers: owner.headers, payload: entity });
    expect(created.statusCode).toBe(201);
    const entityId = json<EntityResponseDto>(created).id;
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/kyc/validations',
      headers: owner.headers,
      payload: { entityId, omitWarnings },
    });
    expect(response.statusCode).toBe(201);
    const validation = json<ValidationResponseDto>(response);
    const token = /\/kyc\/session\/([A-Za-z0-9_-]+)$/.exec(validation.providerSessionUrl ?? '')![1];
    expect((await api.app.inject({ method: 'POST', url: `/kyc/session/${token}/consent` })).statusCode).toBe(200);
    return { id: validation.id, entityId, token };
  }

  async function sendDocument(token: string, bytes: Buffer) {
    const form = await multipart({ document: file(bytes, 'document.jpg', 'image/jpeg') });
    return api.app.inject({ method: 'POST', url: `/kyc/session/${token}/document`, payload: form.payload, headers: form.headers });
  }

  async function getValidation(owner: TestOrganization, id: string) {
    const response = await api.app.inject({ method: 'GET', url: `/api/kyc/validations/${id}`, headers: owner.headers });
    expect(response.statusCode).toBe(200);
    return json<ValidationResponseDto>(response);
  }

  async function storedRow(id: string): Promise<{ decision: string | null; sealed: Buffer | null }> {
    const [row] = await api.app
      .get(DataSource)
      .query<{ decision: string | null; sealed: Buffer | null }[]>(
        'SELECT decision::text AS decision, document_reading_sealed AS sealed FROM kyc_validations WHERE id = $1',
        [id],
      );
    return row;
  }

  async function decidedEvent(id: string, status: string) {
    const events = await eventually(
      () => Promise.resolve(receiver.forVerification(id)),
      (received) => received.some((request) => request.body?.event === `kyc.validation_${status}`),
    );
    return events.find((request) => request.body?.event === `kyc.validation_${status}`)!;
  }

  describe('a readable card', () => {
    let session: { id: string; entityId: string; token: string };

    beforeAll(async () => {
      session = await openSession(org, { ...CONSISTENT_ENTITY, taxId: '27-28456712-4' });
      const document = await sendDocument(session.token, cardFront);
      expect(json<HostedSessionStateDto>(document)).toMatchObject({ step: 'selfie', documentReceived: true });
    }, 60_000);

    it('keeps what the barcode says sealed on the validation from the document step on', async () => {
      const { sealed } = await storedRow(session.id);
      expect(sealed).not.toBeNull();
      expect(isEnvelope(sealed!)).toBe(true);
      expect(sealed!.toString('latin1')).not.toMatch(IDENTITY_NUMBERS);
    });

    it('approves a consistent card and shows its data and warnings in the decision (GET and webhook), never an image, never in clear at rest', async () => {
      const decided = await decider.decide(session.id, cardFront, await liveSelfie(), { document: 'document', selfie: 'selfie' });
      expect(decided.status).toBe('approved');

      const validation = await getValidation(org, session.id);
      expect(validation.decision?.document).toMatchObject({
        faceDetected: true,
        extractedData: CARD_DATA,
        warnings: [],
        inconsistentFields: [],
        barcode: { detected: true, valid: true, layout: 'card', invalidReason: null },
      });
      expect(JSON.stringify(validation)).not.toMatch(/data:image|\/9j\/|iVBORw0KGgo/);

      const event = await decidedEvent(session.id, 'approved');
      expect(event.signatureValid).toBe(true);
      expect(decisionOf(event).document).toMatchObject({ extractedData: CARD_DATA, warnings: [] });
      expect(event.raw.toString('utf8')).not.toMatch(/data:image|\/9j\/|iVBORw0KGgo/);

      // Stored: the decision and the outbox row name no identity number; only the sealed reading holds them.
      expect((await storedRow(session.id)).decision).not.toMatch(IDENTITY_NUMBERS);
      const outbox = await api.app
        .get(DataSource)
        .query<{ payload: string }[]>(`SELECT payload::text AS payload FROM webhook_deliveries WHERE payload->>'id' = $1`, [session.id]);
      expect(outbox.length).toBeGreaterThanOrEqual(3);
      for (const row of outbox) expect(row.payload).not.toMatch(IDENTITY_NUMBERS);
    }, 60_000);

    it("forgets the card's data with the entity's biometrics: the decision keeps its warnings, extractedData becomes null", async () => {
      const erased = await api.app.inject({ method: 'DELETE', url: `/api/entities/${session.entityId}/biometrics`, headers: org.headers });
      expect(erased.statusCode).toBe(200);
      expect((await storedRow(session.id)).sealed).toBeNull();
      const validation = await getValidation(org, session.id);
      expect(validation.decision?.document).toMatchObject({ extractedData: null, warnings: [] });
      expect(JSON.stringify(validation)).not.toMatch(IDENTITY_NUMBERS);
    });
  });

  it('sends a matching session whose card contradicts the entity to review (DATA_INCONSISTENT), naming the field', async () => {
    const session = await openSession(org, { ...CONSISTENT_ENTITY, person: { ...CONSISTENT_ENTITY.person, idNumber: '30111222' } });
    expect((await sendDocument(session.token, cardFront)).statusCode).toBe(200);
    const decided = await decider.decide(session.id, cardFront, await liveSelfie(), { document: 'document', selfie: 'selfie' });
    expect(decided.status).toBe('in_review');

    const validation = await getValidation(org, session.id);
    expect(validation).toMatchObject({ status: 'in_review', decision: { status: 'in_review', faceMatch: { match: true } } });
    expect(validation.decision?.warnings).toEqual(['DATA_INCONSISTENT']);
    expect(validation.decision?.reason).toContain('DATA_INCONSISTENT');
    expect(validation.decision?.document).toMatchObject({
      extractedData: CARD_DATA,
      warnings: ['DATA_INCONSISTENT'],
      inconsistentFields: ['person.idNumber'],
    });
    const event = await decidedEvent(session.id, 'in_review');
    expect(decisionOf(event).document).toMatchObject({ warnings: ['DATA_INCONSISTENT'], extractedData: CARD_DATA });
  }, 60_000);

  it('sends a matching session with an expired DNI to review (DOCUMENT_EXPIRED), unless the session omits that warning', async () => {
    // Issued 2005-06-15, so it expired 2020-06-15 (the holder, born 1981, renews every 15 years).
    const expiredCard = await photographCard(await renderDniFront(dniPerson({ emission: '15/06/2005' }), { portrait: faces.personA }), {
      name: 'e2e-expired',
      rotation: 3,
      jpegQuality: 80,
      cardWidth: 1000,
    });
    const reviewed = await openSession(org, CONSISTENT_ENTITY);
    expect((await sendDocument(reviewed.token, expiredCard)).statusCode).toBe(200);
    const decided = await decider.decide(reviewed.id, expiredCard, await liveSelfie(), { document: 'document', selfie: 'selfie' });
    expect(decided.status).toBe('in_review');
    const validation = await getValidation(org, reviewed.id);
    expect(validation.decision).toMatchObject({ status: 'in_review', faceMatch: { match: true }, warnings: ['DOCUMENT_EXPIRED'] });
    expect(validation.decision?.reason).toContain('DOCUMENT_EXPIRED');
    expect(validation.decision?.document).toMatchObject({
      warnings: ['DOCUMENT_EXPIRED'],
      extractedData: { ...CARD_DATA, issueDate: '2005-06-15', expiryDate: '2020-06-15' },
    });

    // An organization that accepts expired cards for this product says so per session.
    const waived = await openSession(org, CONSISTENT_ENTITY, ['DOCUMENT_EXPIRED']);
    expect((await sendDocument(waived.token, expiredCard)).statusCode).toBe(200);
    const approved = await decider.decide(waived.id, expiredCard, await liveSelfie(), { document: 'document', selfie: 'selfie' });
    expect(approved.status).toBe('approved');
    const shown = await getValidation(org, waived.id);
    expect(shown.decision).toMatchObject({ status: 'approved', warnings: [], omittedWarnings: ['DOCUMENT_EXPIRED'] });
    // The card's own record still names it, for the reviewer who looks later.
    expect(shown.decision?.document).toMatchObject({ warnings: ['DOCUMENT_EXPIRED'] });
  }, 60_000);

  it('goes on without a readable barcode when the organization does not require one, recording BARCODE_NOT_DETECTED only as a warning', async () => {
    const session = await openSession(org, CONSISTENT_ENTITY);
    const covered = await cardPhoto({ withoutBarcode: true });
    expect(json<HostedSessionStateDto>(await sendDocument(session.token, covered))).toMatchObject({ step: 'selfie' });
    const decided = await decider.decide(session.id, covered, await liveSelfie(), { document: 'document', selfie: 'selfie' });
    expect(decided.status).toBe('approved');
    const validation = await getValidation(org, session.id);
    expect(validation.decision?.warnings).toEqual([]);
    expect(validation.decision?.document).toMatchObject({
      extractedData: null,
      warnings: ['BARCODE_NOT_DETECTED'],
      barcode: { detected: false, valid: false },
    });
  }, 60_000);

  describe('an organization that requires a readable barcode', () => {
    it('refuses a photo without a readable DNI barcode at the document step, with the reason, and accepts a readable retake', async () => {
      const session = await openSession(strict, CONSISTENT_ENTITY);
      const none = await sendDocument(session.token, await cardPhoto({ withoutBarcode: true }));
      expect(none.statusCode).toBe(400);
      expect(json<ErrorBody>(none)).toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(/^document: the barcode of the DNI could not be read/),
        details: { field: 'document', reason: 'BARCODE_NOT_DETECTED' },
      });
      const foreign = await sendDocument(session.token, await cardPhoto({ barcodeText: 'NOT@A@DNI' }));
      expect(foreign.statusCode).toBe(400);
      expect(json<ErrorBody>(foreign)).toMatchObject({
        code: 'INVALID_REQUEST',
        details: { field: 'document', reason: 'BARCODE_VALIDATION_FAILED' },
      });

      // Nothing was kept: the page is still at the document step, and the retake is accepted.
      const state = await api.app.inject({ method: 'GET', url: `/kyc/session/${session.token}/state` });
      expect(json<HostedSessionStateDto>(state)).toMatchObject({ status: 'in_progress', step: 'document', documentReceived: false });
      expect((await storedRow(session.id)).sealed).toBeNull();
      const retake = await sendDocument(session.token, cardFront);
      expect(retake.statusCode).toBe(200);
      expect(json<HostedSessionStateDto>(retake)).toMatchObject({ step: 'selfie', documentReceived: true });
      expect((await storedRow(session.id)).sealed).not.toBeNull();
    }, 60_000);
  });

  it('forgets the reading of a session closed without a decision', async () => {
    const session = await openSession(org, CONSISTENT_ENTITY);
    expect((await sendDocument(session.token, cardFront)).statusCode).toBe(200);
    expect((await storedRow(session.id)).sealed).not.toBeNull();
    const cancelled = await api.app.inject({ method: 'POST', url: `/api/kyc/validations/${session.id}/cancel`, headers: org.headers });
    expect(json<ValidationResponseDto>(cancelled)).toMatchObject({ status: 'cancelled' });
    expect((await storedRow(session.id)).sealed).toBeNull();
  }, 60_000);
});

/** The `decision` of a kyc.validation_* event's payload (the validation's decision: a JSON object, or null before one). */
function decisionOf(event: ReceivedWebhook): Record<string, unknown> {
  return (event.body?.payload.decision ?? {}) as Record<string, unknown>;
}
