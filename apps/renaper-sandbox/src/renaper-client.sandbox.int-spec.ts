import sharp from 'sharp';
import { OutboundHttp } from '@app/outbound';
import { type RenaperCredentials, RenaperClient, RenaperPermanentError, RenaperTransientError } from '@app/renaper';
import { type RunningRenaperSandbox, SandboxControl, type SandboxPerson, startRenaperSandbox } from './sandbox';
import { TestClock, waitUntil } from './testing/test-clock';

/**
 * The RENAPER client against the real sandbox: real HTTP on a random port, the real face engine
 * and models, registry photos cut from the real test photos.
 */
const FACE_DELAY_MS = 400;

/** A selfie stand-in: the registry photo shrunk, blurred and heavily compressed. */
const degrade = (jpeg: Buffer) => sharp(jpeg).resize({ width: 240, height: 240, fit: 'inside' }).blur(0.8).jpeg({ quality: 35 }).toBuffer();

/** Trámite as printed on the card: 11 digits with leading zeros. */
const printed = (tramite: string) => tramite.padStart(11, '0');

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('RenaperClient with the RENAPER sandbox', () => {
  let sandbox: RunningRenaperSandbox;
  let control: SandboxControl;
  let credentials: RenaperCredentials;
  const people: Record<string, SandboxPerson> = {};
  let selfieOfValid: Buffer;
  const clock = new TestClock();

  beforeAll(async () => {
    sandbox = await startRenaperSandbox({ port: 0, faceAnswerDelayMs: FACE_DELAY_MS, face: { workers: 1 } }, clock.now);
    control = new SandboxControl(sandbox.url, sandbox.controlKey);
    credentials = { organizationId: 'org-sandbox', baseUrl: sandbox.url, username: 'sandbox', password: 'sandbox' };
    for (const person of await control.people()) people[person.role] = person;
    selfieOfValid = await degrade(await control.photo(people.valid.dni));
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  beforeEach(async () => {
    clock.reset();
    await control.reset();
  });

  // The sandbox listens on 127.0.0.1: a development-like egress policy.
  const outbound = new OutboundHttp({ allowPrivateNetworks: true, allowHosts: [] });
  afterAll(() => outbound.close());
  const client = (timeoutMs = 3000) => new RenaperClient({ timeoutMs, outbound });
  const queryOf = (person: SandboxPerson, tramite = person.tramite) => ({ dni: person.dni, sexo: person.sexo, tramite });

  /** Polls (a real comparison takes time) until the registry's answer is final, for at most 10 s. */
  const pollUntilFinal = (renaper: RenaperClient, tcn: string) =>
    waitUntil(
      () => renaper.pollFace(credentials, tcn),
      (poll) => poll.status !== 'pending',
      10_000,
      100,
    );

  describe('data check', () => {
    it('matches a valid living person, the printed trámite with leading zeros included', async () => {
      const check = await client().checkPerson(credentials, queryOf(people.valid, printed(people.valid.tramite)));
      expect(check).toEqual({ status: 'match', tramiteMatches: true, dniValid: true, deceased: false });
    });

    it('accepts male/female and a 7-digit DNI', async () => {
      const person = people['seven-digit-dni'];
      const check = await client().checkPerson(credentials, { dni: person.dni, sexo: 'female', tramite: Number(person.tramite) });
      expect(check.status).toBe('match');
    });

    it('an unknown DNI is not found', async () => {
      const check = await client().checkPerson(credentials, { dni: '11222333', sexo: 'F', tramite: '123456789' });
      expect(check).toEqual({ status: 'not_found', tramiteMatches: false, dniValid: false, deceased: false });
      expect((await control.stats()).calls.personValidity).toBe(0);
    });

    it('a known DNI with a wrong trámite is a data mismatch, not "not found"', async () => {
      const wrong = String(Number(people.valid.tramite) + 1);
      const check = await client().checkPerson(credentials, queryOf(people.valid, wrong));
      expect(check).toMatchObject({ status: 'data_mismatch', tramiteMatches: false, deceased: false });
    });

    it('a deceased person is deceased', async () => {
      const check = await client().checkPerson(credentials, queryOf(people.deceased));
      expect(check).toEqual({ status: 'deceased', tramiteMatches: true, dniValid: false, deceased: true });
    });

    it('an expired card is not valid', async () => {
      const check = await client().checkPerson(credentials, queryOf(people.expired));
      expect(check).toEqual({ status: 'not_valid', tramiteMatches: true, dniValid: false, deceased: false });
    });

    it('a reprinted card matches with the reprint trámite; the replaced card is not valid', async () => {
      const person = people.reprinted;
      const renaper = client();
      expect((await renaper.checkPerson(credentials, queryOf(person, person.tramiteReimpresa ?? ''))).status).toBe('match');
      expect(await renaper.checkPerson(credentials, queryOf(person))).toMatchObject({
        status: 'not_valid',
        tramiteMatches: true,
        dniValid: false,
      });
    });

    it('reads answers whose keys a gateway upper- or lower-cased', async () => {
      for (const keyCase of ['upper', 'lower'] as const) {
        await control.behave({ keyCase });
        const renaper = client();
        expect((await renaper.checkPerson(credentials, queryOf(people.valid))).status).toBe('match');
        expect((await renaper.checkPerson(credentials, queryOf(people.deceased))).status).toBe('deceased');
      }
    });
  });

  describe('facial validation', () => {
    it('answers pending before the delay, then HIT for the person’s own face', async () => {
      await control.behave({ faceAnswerDelayMs: 1200 });
      const renaper = client();
      const { transactionControlNumber } = await renaper.submitFace(credentials, { dni: people.valid.dni, sexo: 'F', jpeg: selfieOfValid });
      expect(transactionControlNumber).toMatch(/^\d+$/);
      await waitUntil(control.stats.bind(control), (stats) => stats.faceComparisonsFinished > 0);
      expect(await renaper.pollFace(credentials, transactionControlNumber)).toEqual({ status: 'pending' });
      clock.advance(1200);

      const final = await pollUntilFinal(renaper, transactionControlNumber);
      expect(final.status).toBe('match');
      expect(final.status !== 'pending' && final.score).toBeGreaterThanOrEqual(30);
    });

    it('answers NO_HIT when another person’s face is submitted', async () => {
      const renaper = client();
      const other = people['valid-second'];
      const { transactionControlNumber } = await renaper.submitFace(credentials, { dni: other.dni, sexo: other.sexo, jpeg: selfieOfValid });
      const final = await pollUntilFinal(renaper, transactionControlNumber);
      expect(final.status).toBe('no_match');
      expect(final.status !== 'pending' && final.score).toBeLessThan(30);
    });

    it('reads the face flow with upper-cased keys', async () => {
      await control.behave({ keyCase: 'upper' });
      const renaper = client();
      const { transactionControlNumber } = await renaper.submitFace(credentials, { dni: people.valid.dni, sexo: 'F', jpeg: selfieOfValid });
      expect((await pollUntilFinal(renaper, transactionControlNumber)).status).toBe('match');
    });

    it('an unknown transaction number is a permanent failure', async () => {
      await expect(client().pollFace(credentials, '99999999999999')).rejects.toThrow(RenaperPermanentError);
    });
  });

  describe('tokens', () => {
    it('reuses one token for several calls', async () => {
      const renaper = client();
      await renaper.checkPerson(credentials, queryOf(people.valid));
      await renaper.checkPerson(credentials, queryOf(people.expired));
      const stats = await control.stats();
      expect(stats.tokensIssued).toBe(1);
      expect(stats.calls.personData).toBe(2);
      expect(stats.calls.personValidity).toBe(2);
    });

    it('renews a token that expired in the middle of a poll (resultadoTCN codigo 1) and polls on', async () => {
      await control.behave({ tokenTtlSeconds: 1 });
      const renaper = client();
      await renaper.checkPerson(credentials, queryOf(people.valid));
      const { transactionControlNumber } = await renaper.submitFace(credentials, { dni: people.valid.dni, sexo: 'F', jpeg: selfieOfValid });
      await waitUntil(control.stats.bind(control), (stats) => stats.faceComparisonsFinished > 0);
      clock.advance(1100);

      const poll = await renaper.pollFace(credentials, transactionControlNumber);
      expect(poll.status).toBe('match');
      const stats = await control.stats();
      expect(stats.tokensIssued).toBe(2);
      expect(stats.tokenRejections).toBe(1);
      expect(stats.calls.faceResult).toBe(2);
    });

    it('renews after an HTTP 401 on a data endpoint (the registry forgot the token)', async () => {
      const renaper = client();
      await renaper.checkPerson(credentials, queryOf(people.valid));
      await control.reset(); // forgets every token the sandbox issued

      expect((await renaper.checkPerson(credentials, queryOf(people.valid))).status).toBe('match');
      const stats = await control.stats();
      expect(stats.tokenRejections).toBe(1);
      expect(stats.tokensIssued).toBe(1);
      expect(stats.calls.personData).toBe(2);
    });

    it('wrong credentials are a permanent failure', async () => {
      const error = await failure(client().checkPerson({ ...credentials, password: 'wrong' }, queryOf(people.valid)));
      expect(error).toBeInstanceOf(RenaperPermanentError);
      expect(error.message).toMatch(/credentials/);
      expect(error.message).not.toContain('wrong');
      expect((await control.stats()).calls.personData).toBe(0);
    });
  });

  describe('registry trouble', () => {
    it('a 5xx is transient, and the next call recovers', async () => {
      await control.behave({ failNextCalls: 1 });
      const renaper = client();
      const error = await failure(renaper.checkPerson(credentials, queryOf(people.valid)));
      expect(error).toBeInstanceOf(RenaperTransientError);
      expect((error as RenaperTransientError).httpStatus).toBe(503);

      expect((await renaper.checkPerson(credentials, queryOf(people.valid))).status).toBe('match');
      expect((await control.stats()).failuresInjected).toBe(1);
    });

    it('stays transient while every call fails, and recovers when that stops', async () => {
      await control.behave({ failAllCalls: true, failureStatus: 500 });
      const renaper = client();
      for (let attempt = 0; attempt < 2; attempt++) {
        await expect(renaper.checkPerson(credentials, queryOf(people.valid))).rejects.toThrow(RenaperTransientError);
      }
      await control.behave({ failAllCalls: false });
      expect((await renaper.checkPerson(credentials, queryOf(people.valid))).status).toBe('match');
    });

    it('429 is transient', async () => {
      await control.behave({ failNextCalls: 1, failureStatus: 429 });
      await expect(client().checkPerson(credentials, queryOf(people.valid))).rejects.toThrow(RenaperTransientError);
    });

    it('an answer slower than the client timeout is transient', async () => {
      await control.behave({ latencyMs: 1000 });
      const error = await failure(client(300).checkPerson(credentials, queryOf(people.valid)));
      expect(error).toBeInstanceOf(RenaperTransientError);
      expect(error.message).toMatch(/no answer within 300 ms/);
    });

    it('an address outside the allow-list is a permanent failure naming it', async () => {
      await control.behave({ allowedAddresses: ['203.0.113.7'] });
      const error = await failure(client().checkPerson(credentials, queryOf(people.valid)));
      expect(error).toBeInstanceOf(RenaperPermanentError);
      expect(error.message).toMatch(/REMOTE ADDRESS NOT ALLOWED/);
    });

    it('no failure message carries the DNI', async () => {
      await control.behave({ failNextCalls: 2 });
      const renaper = client();
      for (const attempt of [
        renaper.checkPerson(credentials, queryOf(people.valid)),
        renaper.checkPerson(credentials, queryOf(people.valid)),
      ]) {
        const error = await failure(attempt);
        expect(error.message).not.toContain(people.valid.dni);
        expect(JSON.stringify(error)).not.toContain(people.valid.dni);
      }
    });
  });
});
