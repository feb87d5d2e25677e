import { expect } from '@jest/globals';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import { json } from './support/http';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { file } from './support/multipart';
import {
  doubleCheckForm,
  enableRenaper,
  getVerification,
  postFaceMatch,
  renaperCheckRows,
  renaperQueue,
  Sandbox,
  startInProcessWorker,
  startSandbox,
} from './support/renaper';

/**
 * The RENAPER double-check end to end: the real API (PostgreSQL, Redis, models), the real worker
 * module in this process consuming the real BullMQ queue, and the RENAPER sandbox over HTTP.
 */
describe('RENAPER double-check (API + worker + sandbox)', () => {
  const DEADLINE_SECONDS = 12;
  let api: TestApi;
  let worker: INestApplicationContext;
  let sandbox: Sandbox;
  let org: TestOrganization;
  let queue: Queue;

  beforeAll(async () => {
    sandbox = await startSandbox({ faceAnswerDelayMs: 300 });
    api = await startTestApi('renaper-double-check', {
      RENAPER_WAIT_SECONDS: '30',
      RENAPER_DEADLINE_SECONDS: String(DEADLINE_SECONDS),
      RENAPER_POLL_INTERVAL_MS: '200',
      RENAPER_HTTP_TIMEOUT_MS: '5000',
    });
    worker = await startInProcessWorker();
    org = await api.createOrganization('Renaper Co');
    await enableRenaper(api, org, sandbox);
    queue = renaperQueue(api);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
  });

  beforeEach(() => sandbox.control.reset());

  const noRegistryCalls = { token: 0, personData: 0, personValidity: 0, faceSubmit: 0, faceResult: 0 };

  it('approves a HIT with both checks "match", trámite compared as a number, and stores the outcome', async () => {
    const valid = await sandbox.person('valid');
    const result = await postFaceMatch(api, org, await doubleCheckForm(sandbox, valid, { tramite: valid.tramite.padStart(11, '0') }));

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: true, status: 'approved', doubleCheckRenaper: true });
    expect(result.body.warnings.filter((w: string) => w.startsWith('RENAPER_'))).toEqual([]);
    const checks = result.body.responseDoubleChecks;
    expect(checks?.renaper).toEqual({
      status: 'match',
      tramiteMatches: true,
      dniValid: true,
      deceased: false,
      checkedAt: expect.any(String),
    });
    expect(checks?.renaperBiometric).toEqual({
      status: 'match',
      score: expect.any(Number),
      transactionControlNumber: expect.any(String),
      polls: expect.any(Number),
      checkedAt: expect.any(String),
    });
    expect(checks?.renaperBiometric?.score).toBeGreaterThanOrEqual(30);
    expect(checks?.renaperBiometric?.polls).toBeGreaterThanOrEqual(1);
    // No names or addresses leave the registry answer.
    expect(JSON.stringify(result.body)).not.toMatch(new RegExp(`${valid.apellido}|${valid.nombres}`, 'i'));

    const record = await getVerification(api, org, result.body.verificationId);
    expect(record).toMatchObject({
      status: 'approved',
      match: true,
      doubleCheckRenaper: true,
      warnings: result.body.warnings,
      responseDoubleChecks: checks,
    });
    const [row] = await renaperCheckRows(api, result.body.verificationId);
    expect(row).toMatchObject({
      step: 'done',
      transaction_control_number: checks?.renaperBiometric?.transactionControlNumber,
      completed_at: expect.any(Date),
    });
    expect(await (await queue.getJob(result.body.verificationId))?.getState()).toBe('completed');
    expect((await sandbox.control.stats()).calls.faceSubmit).toBe(1);
  });

  it('declines with RENAPER_BIOMETRIC_NOT_MATCH when the registry answers NO_HIT for the face', async () => {
    const first = await sandbox.person('valid');
    const second = await sandbox.person('valid-second');
    // The first person's own faces match each other, but not the second person's registry photo.
    const result = await postFaceMatch(
      api,
      org,
      await doubleCheckForm(sandbox, first, { dni: second.dni, gender: second.sexo, tramite: second.tramite }),
    );

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: false, status: 'declined' });
    expect(result.body.score).toBeGreaterThanOrEqual(30);
    expect(result.body.warnings).toContain('RENAPER_BIOMETRIC_NOT_MATCH');
    expect(result.body.responseDoubleChecks?.renaper).toMatchObject({ status: 'match', tramiteMatches: true });
    expect(result.body.responseDoubleChecks?.renaperBiometric).toMatchObject({
      status: 'no_match',
      transactionControlNumber: expect.any(String),
    });
    expect(result.body.responseDoubleChecks?.renaperBiometric?.score).toBeLessThan(30);
    expect(await getVerification(api, org, result.body.verificationId)).toMatchObject({
      status: 'declined',
      match: false,
      warnings: result.body.warnings,
    });
  });

  describe('data check failures decline without submitting the face', () => {
    const cases: [string, (s: Sandbox) => Promise<Record<string, string>>, string, Record<string, unknown>][] = [
      [
        'a wrong trámite → RENAPER_DATA_NOT_MATCH',
        async (s) => ({ ...(await identity(s, 'valid')), tramite: '111111111' }),
        'RENAPER_DATA_NOT_MATCH',
        { status: 'no_match', tramiteMatches: false },
      ],
      [
        'an unknown DNI → RENAPER_PERSON_NOT_FOUND',
        async (s) => ({ ...(await identity(s, 'valid')), dni: '12340987' }),
        'RENAPER_PERSON_NOT_FOUND',
        { status: 'not_found', tramiteMatches: null, dniValid: null, deceased: null },
      ],
      [
        'a deceased person → RENAPER_PERSON_DECEASED',
        (s) => identity(s, 'deceased'),
        'RENAPER_PERSON_DECEASED',
        { status: 'no_match', tramiteMatches: true, deceased: true },
      ],
      [
        'an expired card → RENAPER_DNI_NOT_VALID',
        (s) => identity(s, 'expired'),
        'RENAPER_DNI_NOT_VALID',
        { status: 'no_match', tramiteMatches: true, dniValid: false, deceased: false },
      ],
    ];

    it.each(cases)('%s', async (_name, identityOf, warning, renaper) => {
      const valid = await sandbox.person('valid');
      const result = await postFaceMatch(api, org, await doubleCheckForm(sandbox, valid, await identityOf(sandbox)));

      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ match: false, status: 'declined', doubleCheckRenaper: true });
      expect(result.body.warnings).toContain(warning);
      expect(result.body.warnings).not.toContain('RENAPER_PENDING');
      expect(result.body.responseDoubleChecks?.renaper).toMatchObject(renaper);
      expect(await getVerification(api, org, result.body.verificationId)).toMatchObject({
        status: 'declined',
        match: false,
        warnings: result.body.warnings,
      });
      const stats = await sandbox.control.stats();
      // (at least one: the reset in beforeEach makes the worker's cached token be refused once)
      expect(stats.calls.personData).toBeGreaterThanOrEqual(1);
      expect(stats.calls.faceSubmit).toBe(0);
    });

    it('an expired card does not also claim a death or a trámite mismatch', async () => {
      const valid = await sandbox.person('valid');
      const result = await postFaceMatch(api, org, await doubleCheckForm(sandbox, valid, await identity(sandbox, 'expired')));
      expect(result.body.warnings).not.toContain('RENAPER_PERSON_DECEASED');
      expect(result.body.warnings).not.toContain('RENAPER_DATA_NOT_MATCH');
    });
  });

  it('enqueues no job and calls no registry when the face match itself declines', async () => {
    const first = await sandbox.person('valid');
    const second = await sandbox.person('valid-second');
    const form = await doubleCheckForm(sandbox, first, { documentImage: file((await sandbox.faces(second)).document) });
    const result = await postFaceMatch(api, org, form);

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: false, status: 'declined' });
    expect(result.body.warnings).toContain('LOW_FACE_MATCH_SIMILARITY');
    expect(result.body.warnings.filter((w: string) => w.startsWith('RENAPER_'))).toEqual([]);
    expect(await queue.getJob(result.body.verificationId)).toBeUndefined();
    expect(await renaperCheckRows(api, result.body.verificationId)).toEqual([]);
    expect((await sandbox.control.stats()).calls).toEqual(noRegistryCalls);
  });

  it('refuses a missing tramite with 400 before any image work (a non-image selfie is not even looked at)', async () => {
    const valid = await sandbox.person('valid');
    const result = await postFaceMatch(
      api,
      org,
      await doubleCheckForm(sandbox, valid, { tramite: undefined, selfieImage: file(Buffer.from('not an image at all')) }),
    );

    expect(result.status).toBe(400);
    expect(result.body.code).toBe('INVALID_REQUEST');
    expect(result.body.message).toMatch(/tramite/);
    expect(result.body.message).not.toMatch(/selfieImage/);
    expect(result.body.details).toMatchObject({ fields: ['tramite'] });
    expect((await sandbox.control.stats()).calls).toEqual(noRegistryCalls);
  });

  it('refuses with 403 NOT_ENABLED when a RENAPER integration is off', async () => {
    const other = await api.createOrganization();
    await enableRenaper(api, other, sandbox, { validateDniEnrichmentEnabled: false });
    const result = await postFaceMatch(api, other, await doubleCheckForm(sandbox, await sandbox.person('valid')));

    expect(result.status).toBe(403);
    expect(result.body.code).toBe('NOT_ENABLED');
    expect((await sandbox.control.stats()).calls).toEqual(noRegistryCalls);
  });

  it('refuses with 403 NOT_CONFIGURED when the integrations are on but no credentials are set', async () => {
    const other = await api.createOrganization();
    const patch = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: other.headers,
      payload: { renaper: { dataEnrichmentEnabled: true, validateDniEnrichmentEnabled: true } },
    });
    expect(patch.statusCode).toBe(200);
    const result = await postFaceMatch(api, other, await doubleCheckForm(sandbox, await sandbox.person('valid')));

    expect(result.status).toBe(403);
    expect(result.body.code).toBe('NOT_CONFIGURED');
  });

  it('runs a plain face match when the query says doubleCheckRenaper=false over a body true', async () => {
    const result = await postFaceMatch(
      api,
      org,
      await doubleCheckForm(sandbox, await sandbox.person('valid')),
      '?doubleCheckRenaper=false',
    );

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: true, status: 'approved' });
    expect(result.body).not.toHaveProperty('doubleCheckRenaper');
    expect(result.body).not.toHaveProperty('responseDoubleChecks');
    expect(await queue.getJob(result.body.verificationId)).toBeUndefined();
    expect(await getVerification(api, org, result.body.verificationId)).toMatchObject({
      doubleCheckRenaper: false,
      responseDoubleChecks: null,
    });
    expect((await sandbox.control.stats()).calls).toEqual(noRegistryCalls);
  });

  it('runs the double-check when the query says doubleCheckRenaper=true over a body false', async () => {
    const form = await doubleCheckForm(sandbox, await sandbox.person('valid'), { doubleCheckRenaper: 'false' });
    const result = await postFaceMatch(api, org, form, '?doubleCheckRenaper=true');

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: 'approved',
      doubleCheckRenaper: true,
      responseDoubleChecks: { renaperBiometric: { status: 'match' } },
    });
  });

  it('takes dni and gender from the entity (person.idNumber, person.gender) when the form leaves them out', async () => {
    const valid = await sandbox.person('valid');
    const entity = await createEntity(api, org, { type: 'person', person: { idNumber: valid.dni, gender: valid.sexo } });
    const result = await postFaceMatch(
      api,
      org,
      await doubleCheckForm(sandbox, valid, { dni: undefined, gender: undefined, entityId: entity }),
    );

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      match: true,
      status: 'approved',
      responseDoubleChecks: { renaper: { status: 'match' }, renaperBiometric: { status: 'match' } },
    });
    expect(await getVerification(api, org, result.body.verificationId)).toMatchObject({ entityId: entity, status: 'approved' });
    const [row] = await renaperCheckRows(api, result.body.verificationId);
    expect(row).toMatchObject({ dni: valid.dni, sexo: valid.sexo });
  });

  it('takes a 7-digit DNI from the middle of the entity CUIL (taxId) when there is no idNumber', async () => {
    const sevenDigits = await sandbox.person('seven-digit-dni');
    expect(sevenDigits.dni).toHaveLength(7);
    const entity = await createEntity(api, org, { type: 'person', taxId: sevenDigits.cuil, person: { gender: sevenDigits.sexo } });
    const result = await postFaceMatch(
      api,
      org,
      await doubleCheckForm(sandbox, sevenDigits, { dni: undefined, gender: undefined, entityId: entity }),
    );

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      match: true,
      status: 'approved',
      responseDoubleChecks: { renaper: { status: 'match' }, renaperBiometric: { status: 'match' } },
    });
    const [row] = await renaperCheckRows(api, result.body.verificationId);
    expect(row).toMatchObject({ dni: sevenDigits.dni, sexo: sevenDigits.sexo, step: 'done' });
  });

  it('retries registry 5xx answers with backoff and still reaches a final outcome', async () => {
    await sandbox.control.behave({ failNextCalls: 2 });
    const result = await postFaceMatch(api, org, await doubleCheckForm(sandbox, await sandbox.person('valid')));

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      match: true,
      status: 'approved',
      responseDoubleChecks: { renaper: { status: 'match' }, renaperBiometric: { status: 'match' } },
    });
    expect((await sandbox.control.stats()).failuresInjected).toBe(2);
    const [row] = await renaperCheckRows(api, result.body.verificationId);
    expect(row).toMatchObject({ step: 'done', transient_failures: 0 });
  });

  it('leaves the verification in review with RENAPER_UNAVAILABLE when the registry fails past the deadline', async () => {
    await sandbox.control.behave({ failAllCalls: true });
    const result = await postFaceMatch(api, org, await doubleCheckForm(sandbox, await sandbox.person('valid')));

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: false, status: 'in_review' });
    expect(result.body.warnings).toContain('RENAPER_UNAVAILABLE');
    expect(result.body.warnings).not.toContain('RENAPER_PENDING');
    expect(result.body.responseDoubleChecks).toMatchObject({ renaper: { status: 'error' }, renaperBiometric: { status: 'error' } });
    // It gave up at the deadline, not earlier.
    expect(result.elapsedMs).toBeGreaterThanOrEqual((DEADLINE_SECONDS - 1) * 1000);
    expect((await sandbox.control.stats()).failuresInjected).toBeGreaterThanOrEqual(3);
    expect(await getVerification(api, org, result.body.verificationId)).toMatchObject({
      status: 'in_review',
      warnings: result.body.warnings,
    });
  }, 60_000);

  it('renews an expired token in the middle of polling and reaches the final match', async () => {
    await sandbox.control.behave({ tokenTtlSeconds: 1, faceAnswerDelayMs: 3000 });
    const result = await postFaceMatch(api, org, await doubleCheckForm(sandbox, await sandbox.person('valid')));

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ match: true, status: 'approved', responseDoubleChecks: { renaperBiometric: { status: 'match' } } });
    expect(result.body.responseDoubleChecks?.renaperBiometric?.polls).toBeGreaterThan(1);
    const stats = await sandbox.control.stats();
    expect(stats.tokensIssued).toBeGreaterThanOrEqual(2);
    expect(stats.tokenRejections).toBeGreaterThanOrEqual(1);
    expect(stats.calls.faceSubmit).toBe(1);
  });
});

async function identity(sandbox: Sandbox, role: 'valid' | 'deceased' | 'expired'): Promise<Record<string, string>> {
  const person = await sandbox.person(role);
  return { dni: person.dni, gender: person.sexo, tramite: person.tramite };
}

async function createEntity(api: TestApi, org: TestOrganization, payload: Record<string, unknown>): Promise<string> {
  const response = await api.app.inject({ method: 'POST', url: '/api/entities', headers: org.headers, payload });
  if (response.statusCode !== 201) throw new Error(`POST /api/entities answered ${response.statusCode}: ${response.body}`);
  return json<EntityResponseDto>(response).id;
}
