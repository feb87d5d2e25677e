import { INestApplicationContext } from '@nestjs/common';
import sharp from 'sharp';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { cardPersonOf, photographCard, renderDniFront } from './support/dni-card';
import { file } from './support/multipart';
import { enableRenaper, postFaceMatch, Sandbox, startInProcessWorker, startSandbox } from './support/renaper';

/**
 * The RENAPER double-check fed by the DNI card alone: a synthetic card of a sandbox fixture person
 * (her registry photo as the portrait) as documentImage and her photo as the selfie, no typed dni,
 * gender or trámite. Real API, worker and sandbox, as in renaper-double-check.e2e-spec.ts.
 */
describe('RENAPER double-check with the identity read from the DNI card', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let sandbox: Sandbox;
  let org: TestOrganization;

  beforeAll(async () => {
    sandbox = await startSandbox({ faceAnswerDelayMs: 300 });
    api = await startTestApi('renaper_dni_card', {
      RENAPER_WAIT_SECONDS: '30',
      RENAPER_DEADLINE_SECONDS: '20',
      RENAPER_POLL_INTERVAL_MS: '200',
    });
    worker = await startInProcessWorker();
    org = await api.createOrganization('Card Co');
    await enableRenaper(api, org, sandbox);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
  });

  async function cardOf(role: 'valid') {
    const person = await sandbox.person(role);
    // The sandbox has one photo per person: the card carries it, and the selfie is its mirror image,
    // so the anti-replay check does not take the two for the very same capture.
    const { selfie: photo, document: portrait } = await sandbox.faces(person);
    const selfie = await sharp(photo).flop().jpeg({ quality: 92 }).toBuffer();
    const card = await renderDniFront(cardPersonOf(person), { portrait });
    return { person, selfie, document: await photographCard(card, { name: 'phone', rotation: -4, jpegQuality: 75, cardWidth: 1000 }) };
  }

  it('reaches the sandbox and approves with only the two images, saying every value came from the document', async () => {
    const { selfie, document } = await cardOf('valid');
    const result = await postFaceMatch(api, org, { documentImage: file(document), selfieImage: file(selfie), doubleCheckRenaper: 'true' });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: 'approved',
      match: true,
      doubleCheckRenaper: true,
      responseDoubleChecks: {
        renaper: { status: 'match', tramiteMatches: true },
        renaperBiometric: { status: 'match' },
        inputSources: { dni: 'document', gender: 'document', tramite: 'document' },
      },
    });
    expect(result.body.warnings).not.toContain('DATA_INCONSISTENT');
    const stats = await sandbox.control.stats();
    expect(stats.calls.personData).toBeGreaterThanOrEqual(1);
    expect(stats.calls.faceSubmit).toBeGreaterThanOrEqual(1);
  });

  it('adds DATA_INCONSISTENT when a sent trámite contradicts the card, and says the trámite came from the request', async () => {
    const { person, selfie, document } = await cardOf('valid');
    const wrongTramite = String(Number(person.tramite) + 1);
    const result = await postFaceMatch(api, org, {
      documentImage: file(document),
      selfieImage: file(selfie),
      doubleCheckRenaper: 'true',
      tramite: wrongTramite,
    });
    expect(result.status).toBe(200);
    expect(result.body.warnings).toContain('DATA_INCONSISTENT');
    expect(result.body.responseDoubleChecks?.inputSources).toEqual({ dni: 'document', gender: 'document', tramite: 'request' });
  });

  it('still refuses a double-check whose document has no readable DNI barcode and no typed values', async () => {
    const person = await sandbox.person('valid');
    const { selfie, document } = await sandbox.faces(person);
    const result = await postFaceMatch(api, org, { documentImage: file(document), selfieImage: file(selfie), doubleCheckRenaper: 'true' });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(result.body.message).toMatch(/tramite/);
  });
});
