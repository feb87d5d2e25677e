import { existsSync, readdirSync } from 'node:fs';
import { expect } from '@jest/globals';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ERASURE_WAIT_MS, lockEntityBiometrics } from '@app/audit';
import { FaceEngine } from '@app/face';
import { SessionSweep } from '@app/session';
import { kycValidationImagePath } from '@app/storage';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { buildFaceFixtures, FaceFixtures } from './support/faces';
import { json } from './support/http';
import { file, multipart } from './support/multipart';
import { eventually, startInProcessWorker } from './support/renaper';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'the-webhook-secret-of-the-erasure-suite';
/** The organization's default session_ttl_hours (168). */
const DEFAULT_SESSION_TTL_MS = 168 * 3600_000;
/** Face matches for the entity in flight while erasures run. */
const CONCURRENT_MATCHES = 12;

/**
 * Right to erasure under concurrency: face matches for the entity finish while its biometrics are
 * being erased, and nothing of the entity is left on disk without a row pointing at it (or a row
 * pointing at a file that is gone). Erasure also closes the entity's open sessions, and a closed
 * session (cancelled, expired) keeps no pending document.
 */
describe('biometric erasure: race-free, closes open sessions, leaves no pending document', () => {
  let api: TestApi;
  let org: TestOrganization;
  let faces: FaceFixtures;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(SECRET);
    api = await startTestApi('erasure-race', { FACE_WORKERS: '2' });
    org = await api.createOrganization('Erasure Race Co');
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
    const settings = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: org.headers,
      payload: { kycValidation: { enabled: true, webhookUrl: receiver.url, webhookSecret: SECRET } },
    });
    expect(settings.statusCode).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  const db = () => api.app.get(DataSource);
  const organizationDir = () => join(api.storageDir, 'organizations', org.organizationId);
  const erase = (entityId: string) =>
    api.app.inject({ method: 'DELETE', url: `/api/entities/${entityId}/biometrics`, headers: org.headers });

  async function newEntity(name: string): Promise<string> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: org.headers,
      payload: { type: 'person', name },
    });
    expect(response.statusCode).toBe(201);
    return json<EntityResponseDto>(response).id;
  }

  async function faceMatch(entityId: string): Promise<number> {
    const body = await multipart({ documentImage: file(faces.personADocument), selfieImage: file(faces.personA), entityId });
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/kyc/face-match',
      headers: { ...org.headers, ...body.headers },
      payload: body.payload,
    });
    return response.statusCode;
  }

  /** Every file under the face-match folder of this organization, as storage paths. */
  function faceMatchFilesOnDisk(): string[] {
    const root = join(organizationDir(), 'face-match');
    if (!existsSync(root)) return [];
    return readdirSync(root).flatMap((id) =>
      readdirSync(join(root, id)).map((name) => `organizations/${org.organizationId}/face-match/${id}/${name}`),
    );
  }

  async function pathsInRows(entityId: string): Promise<string[]> {
    const rows = await db().query<{ document_storage_path: string | null; selfie_storage_path: string | null }[]>(
      'SELECT document_storage_path, selfie_storage_path FROM face_match_verifications WHERE entity_id = $1',
      [entityId],
    );
    return rows.flatMap((row) => [row.document_storage_path, row.selfie_storage_path]).filter((path): path is string => path !== null);
  }

  async function openSession(entityId: string): Promise<{ id: string; token: string }> {
    const created = await api.app.inject({ method: 'POST', url: '/api/kyc/validations', headers: org.headers, payload: { entityId } });
    expect(created.statusCode).toBe(201);
    const validation = json<ValidationResponseDto>(created);
    const token = /\/kyc\/session\/([A-Za-z0-9_-]+)$/.exec(validation.providerSessionUrl ?? '')?.[1] as string;
    return { id: validation.id, token };
  }

  /** Consent, then the document photo: the session holds a pending document waiting for the selfie. */
  async function sessionWithPendingDocument(entityId: string): Promise<{ id: string; pendingDocument: string }> {
    const session = await openSession(entityId);
    expect((await api.app.inject({ method: 'POST', url: `/kyc/session/${session.token}/consent` })).statusCode).toBe(200);
    const body = await multipart({ document: file(faces.personADocument) });
    const uploaded = await api.app.inject({
      method: 'POST',
      url: `/kyc/session/${session.token}/document`,
      headers: body.headers,
      payload: body.payload,
    });
    expect(uploaded.statusCode).toBe(200);
    const pendingDocument = join(api.storageDir, kycValidationImagePath(org.organizationId, session.id, 'pending-document'));
    expect(existsSync(pendingDocument)).toBe(true);
    return { id: session.id, pendingDocument };
  }

  async function statusOf(validationId: string): Promise<{ status: string; resolution_reason: string | null }> {
    const [row] = await db().query<{ status: string; resolution_reason: string | null }[]>(
      'SELECT status, resolution_reason FROM kyc_validations WHERE id = $1',
      [validationId],
    );
    return row;
  }

  async function eventsOf(validationId: string): Promise<string[]> {
    const rows = await db().query<{ event: string }[]>(
      `SELECT event FROM webhook_deliveries WHERE payload->>'id' = $1 ORDER BY created_at`,
      [validationId],
    );
    return rows.map((row) => row.event);
  }

  it('erasing while face matches for the entity finish leaves no file without a row, and no row without its file', async () => {
    const entityId = await newEntity('Concurrent Erasure');
    expect(await faceMatch(entityId)).toBe(200);

    // Erasures back to back for as long as the face matches run, so their "read paths, delete
    // files, clear rows" overlaps the matches' "store files, write row" again and again.
    let matching = true;
    const matches = Promise.all(Array.from({ length: CONCURRENT_MATCHES }, () => faceMatch(entityId))).finally(() => (matching = false));
    let erasures = 0;
    while (matching) {
      expect((await erase(entityId)).statusCode).toBe(200);
      erasures++;
    }
    expect(await matches).toEqual(Array(CONCURRENT_MATCHES).fill(200));
    expect(erasures).toBeGreaterThan(1);

    // Every file on disk is named by a row, and every path in a row is a file on disk.
    const onDisk = faceMatchFilesOnDisk().sort();
    expect(onDisk).toEqual((await pathsInRows(entityId)).sort());

    // One more erasure, with nothing running: nothing of the entity is left under STORAGE_DIR.
    expect((await erase(entityId)).statusCode).toBe(200);
    expect(faceMatchFilesOnDisk()).toEqual([]);
    expect(await pathsInRows(entityId)).toEqual([]);
    const [{ n }] = await db().query<{ n: number }[]>('SELECT count(*)::int AS n FROM face_match_verifications WHERE entity_id = $1', [
      entityId,
    ]);
    expect(n).toBe(1 + CONCURRENT_MATCHES); // the audit rows stay
  }, 180_000);

  describe('while an erasure holds the entity', () => {
    /** Holds the entity's erasure lock (as DELETE .../biometrics does) until `release` resolves. */
    async function holdingErasureLock(entityId: string, work: () => Promise<void>): Promise<void> {
      await db().transaction(async (manager) => {
        await lockEntityBiometrics(manager, entityId, 'erase');
        await work();
      });
    }

    async function waitingForTheLock(): Promise<number> {
      const [{ n }] = await db().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
      );
      return n;
    }

    it('a face match for the entity waits, storing nothing, and is recorded once the erasure is done', async () => {
      const entityId = await newEntity('Waits For Erasure');
      let response: Promise<number> | undefined;
      await holdingErasureLock(entityId, async () => {
        response = faceMatch(entityId);
        await eventually(waitingForTheLock, (n) => n === 1, 30_000, 20);
        expect(faceMatchFilesOnDisk()).toEqual([]);
        expect(await pathsInRows(entityId)).toEqual([]);
      });
      expect(await response).toBe(200);
      const paths = await pathsInRows(entityId);
      expect(paths).toHaveLength(2);
      expect(faceMatchFilesOnDisk().filter((path) => paths.includes(path))).toHaveLength(2);
      expect((await erase(entityId)).statusCode).toBe(200);
      expect(faceMatchFilesOnDisk()).toEqual([]);
    }, 60_000);

    it(`a face match still waiting after ${ERASURE_WAIT_MS} ms is refused with CONFLICT, audited, with no file written`, async () => {
      const entityId = await newEntity('Refused During Erasure');
      await holdingErasureLock(entityId, async () => {
        const body = await multipart({ documentImage: file(faces.personADocument), selfieImage: file(faces.personA), entityId });
        const response = await api.app.inject({
          method: 'POST',
          url: '/api/kyc/face-match',
          headers: { ...org.headers, ...body.headers },
          payload: body.payload,
        });
        expect(response.statusCode).toBe(409);
        expect(response.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is being erased') });
      });
      expect(faceMatchFilesOnDisk()).toEqual([]);
      const rows = await db().query<{ status: string; details: Record<string, unknown> }[]>(
        'SELECT status, details FROM face_match_verifications WHERE entity_id = $1',
        [entityId],
      );
      expect(rows).toEqual([{ status: 'failed', details: { code: 'CONFLICT' } }]);
    }, 60_000);
  });

  it("cancels the entity's open sessions with their signed event and deletes their pending document", async () => {
    const entityId = await newEntity('Open Sessions');
    const inProgress = await sessionWithPendingDocument(entityId);
    const other = await newEntity('Someone Else');
    const untouched = await openSession(other);

    const erased = await erase(entityId);
    expect(erased.statusCode).toBe(200);

    expect(await statusOf(inProgress.id)).toEqual({ status: 'cancelled', resolution_reason: "The entity's biometric data was erased" });
    expect(await eventsOf(inProgress.id)).toEqual(['kyc.validation_created', 'kyc.validation_in_progress', 'kyc.validation_cancelled']);
    expect(existsSync(inProgress.pendingDocument)).toBe(false);
    expect((await statusOf(untouched.id)).status).toBe('pending');
  });

  it('deletes the pending document when a session is cancelled', async () => {
    const entityId = await newEntity('Cancelled Session');
    const session = await sessionWithPendingDocument(entityId);

    const cancelled = await api.app.inject({ method: 'POST', url: `/api/kyc/validations/${session.id}/cancel`, headers: org.headers });
    expect(cancelled.statusCode).toBe(200);
    expect(json<ValidationResponseDto>(cancelled).status).toBe('cancelled');
    expect(existsSync(session.pendingDocument)).toBe(false);
  });

  describe('with a worker', () => {
    let worker: INestApplicationContext;

    beforeAll(async () => {
      worker = await startInProcessWorker({}, api.clock);
    });

    afterAll(() => worker?.close());

    it('deletes the pending document when a session expires', async () => {
      const entityId = await newEntity('Expired Session');
      const session = await sessionWithPendingDocument(entityId);
      api.clock.advance(DEFAULT_SESSION_TTL_MS + 1000);

      await worker.get(SessionSweep).sweep();
      expect((await statusOf(session.id)).status).toBe('expired');
      expect(existsSync(session.pendingDocument)).toBe(false);
    });
  });
});
