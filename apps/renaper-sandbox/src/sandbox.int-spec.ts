import { InvalidEnvironmentError } from '@app/core';
import { argentinaEndOfDay } from '@app/renaper';
import { CONTROL_KEY_HEADER, type RunningRenaperSandbox, SandboxControl, type SandboxPerson, startRenaperSandbox } from './sandbox';
import { TestClock, waitUntil } from './testing/test-clock';

/** The sandbox's protocol as a registry client sees it on the wire (raw HTTP, no client library). */
type Body = Record<string, unknown>;

const PATH = {
  token: '/CHUTROFINAL/API_ABIS/Autorizacion/token.php',
  personData: '/apidatos/porDniSexoTramite.php',
  personValidity: '/apidatos/verificaVigencia.php',
  faceSubmit: '/CHUTROFINAL/API_ABIS/apiInline_v3.php',
  faceResult: '/CHUTROFINAL/API_ABIS/resultadoTCN.php',
};

describe('RENAPER sandbox protocol', () => {
  let sandbox: RunningRenaperSandbox;
  let control: SandboxControl;
  const people: Record<string, SandboxPerson> = {};
  const clock = new TestClock();

  beforeAll(async () => {
    sandbox = await startRenaperSandbox({ port: 0, faceAnswerDelayMs: 200, face: { workers: 1 } }, clock.now);
    control = new SandboxControl(sandbox.url, sandbox.controlKey);
    for (const person of await control.people()) people[person.role] = person;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  beforeEach(async () => {
    clock.reset();
    await control.reset();
  });

  async function call(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: Body; text: string }> {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    const response = await fetch(`${sandbox.url}${path}`, { ...init, headers });
    const text = await response.text();
    let body: Body = {};
    try {
      body = JSON.parse(text) as Body;
    } catch {
      // text answers (403) stay in `text`
    }
    return { status: response.status, body, text };
  }

  const askToken = (username = 'sandbox', password = 'sandbox') =>
    call(PATH.token, { method: 'POST', body: new URLSearchParams({ username, password }) });

  async function token(): Promise<string> {
    const { body } = await askToken();
    return (body.data as Body).token as string;
  }

  const query = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

  describe('token.php', () => {
    it('issues a JWT-shaped token valid until 23:59:59 Argentina time', async () => {
      const { status, body } = await askToken();
      expect(status).toBe(200);
      expect(body).toMatchObject({ codigo_http: 200, data: { codigo: 0 } });
      const jwt = (body.data as Body).token as string;
      const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { exp: number };
      expect(payload.exp).toBe(Math.floor(argentinaEndOfDay(new Date()).getTime() / 1000));
    });

    it('refuses wrong credentials like the registry, without a token', async () => {
      const { status, body } = await askToken('sandbox', 'nope');
      expect(status).toBe(401);
      expect(body.data).toMatchObject({ codigo: 401 });
      expect((body.data as Body).token).toBeUndefined();
      expect((await control.stats()).tokensIssued).toBe(0);
    });

    it('accepts the credentials set at run time', async () => {
      await control.behave({ username: 'bank', password: 's3cret' });
      expect((await askToken()).status).toBe(401);
      expect((await askToken('bank', 's3cret')).status).toBe(200);
    });
  });

  describe('data endpoints', () => {
    it('answers a known person with the registry fields, the trámite compared as a number', async () => {
      const person = people.valid;
      const { body } = await call(PATH.personData + query({ dni: person.dni, sexo: 'F', idtramite: `00${person.tramite}` }), {
        token: await token(),
      });
      expect(body).toMatchObject({
        ID_TRAMITE_PRINCIPAL: Number(person.tramite),
        EJEMPLAR: person.ejemplar,
        VENCIMIENTO: person.vencimiento,
        EMISION: person.emision,
        apellido: person.apellido,
        cuil: person.cuil,
        mensaf: 'Sin Aviso de Fallecimiento',
        codigo: 0,
      });
      const validity = await call(PATH.personValidity + query({ dni: person.dni, sexo: 'F', id_tramite: `000${person.tramite}` }), {
        token: await token(),
      });
      expect(validity.body).toEqual({ codigo: 0, mensaje: 'DNI VIGENTE', vigente: 'SI', fallecido: 'NO' });
    });

    it('answers ID_TRAMITE_PRINCIPAL 0 for an unknown DNI or the wrong sexo', async () => {
      const auth = { token: await token() };
      const unknown = await call(PATH.personData + query({ dni: '11222333', sexo: 'F', idtramite: '1' }), auth);
      expect(unknown.body).toMatchObject({ ID_TRAMITE_PRINCIPAL: 0, apellido: '' });
      const wrongSexo = await call(PATH.personData + query({ dni: people.valid.dni, sexo: 'M', idtramite: people.valid.tramite }), auth);
      expect(wrongSexo.body).toMatchObject({ ID_TRAMITE_PRINCIPAL: 0 });
    });

    it('answers HTTP 401 without a valid token, and 400 without the parameters', async () => {
      const params = query({ dni: people.valid.dni, sexo: 'F', idtramite: people.valid.tramite });
      expect((await call(PATH.personData + params)).status).toBe(401);
      expect((await call(PATH.personValidity + params, { token: 'forged.token.value' })).status).toBe(401);
      expect((await call(PATH.personData + query({ dni: people.valid.dni }), { token: await token() })).status).toBe(400);
      expect((await control.stats()).tokenRejections).toBe(2);
    });

    it('marks the deceased in mensaf and fallecido', async () => {
      const person = people.deceased;
      const auth = { token: await token() };
      const data = await call(PATH.personData + query({ dni: person.dni, sexo: 'F', idtramite: person.tramite }), auth);
      expect(data.body.mensaf).toMatch(/^Aviso de Fallecimiento/);
      const validity = await call(PATH.personValidity + query({ dni: person.dni, sexo: 'F', id_tramite: person.tramite }), auth);
      expect(validity.body).toMatchObject({ vigente: 'NO', fallecido: 'SI' });
    });

    it('re-cases every key when asked to', async () => {
      const authToken = await token();
      await control.behave({ keyCase: 'upper' });
      const { body } = await call(PATH.personData + query({ dni: people.valid.dni, sexo: 'F', idtramite: people.valid.tramite }), {
        token: authToken,
      });
      expect(body).toMatchObject({
        ID_TRAMITE_PRINCIPAL: Number(people.valid.tramite),
        APELLIDO: people.valid.apellido,
        MENSAF: 'Sin Aviso de Fallecimiento',
      });
      expect(body.apellido).toBeUndefined();
    });
  });

  describe('facial validation', () => {
    const submit = async (jpeg: Buffer, dni: string, authToken: string) =>
      call(PATH.faceSubmit, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imagen: jpeg.toString('base64'), dni, sexo: 'F' }),
        token: authToken,
      });

    it('answers a transaction number, pending until the delay (even with the verdict ready), then HIT with the score', async () => {
      await control.behave({ faceAnswerDelayMs: 1500 });
      const authToken = await token();
      const submitted = await submit(await control.photo(people.valid.dni), people.valid.dni, authToken);
      const notice = (submitted.body.data as Body).notificacion as Body;
      expect(notice.errorArray).toEqual([]);
      const tcn = notice.transactionControlNumber as string;

      await waitUntil(control.stats.bind(control), (stats) => stats.faceComparisonsFinished > 0);
      const pending = await call(PATH.faceResult + query({ id: tcn }), { token: authToken });
      expect(pending.body).toMatchObject({ data: { codigo: 0, notificacion: { TCN: tcn, status: 'PENDING' } } });

      clock.advance(1500);
      const final = await call(PATH.faceResult + query({ id: tcn }), { token: authToken });
      expect(final.body).toMatchObject({ data: { codigo: 0, notificacion: { TCN: tcn, status: 'HIT' } } });
      expect(((final.body.data as Body).notificacion as Body).score).toBeGreaterThan(90);
    });

    it('answers data.codigo 1 on resultadoTCN once the token expired', async () => {
      await control.behave({ tokenTtlSeconds: 1 });
      const authToken = await token();
      const submitted = await submit(await control.photo(people.valid.dni), people.valid.dni, authToken);
      const tcn = ((submitted.body.data as Body).notificacion as Body).transactionControlNumber as string;
      clock.advance(1100);
      const expired = await call(PATH.faceResult + query({ id: tcn }), { token: authToken });
      expect(expired.status).toBe(200);
      expect(expired.body.data).toMatchObject({ codigo: 1 });
    });

    it('refuses what is not a JPEG, and people it does not know, in errorArray', async () => {
      const authToken = await token();
      const notJpeg = await submit(Buffer.from('GIF89a-not-a-jpeg'), people.valid.dni, authToken);
      expect(((notJpeg.body.data as Body).notificacion as Body).errorArray).toEqual([expect.objectContaining({ name: 'IMAGEN_INVALIDA' })]);
      const unknown = await submit(await control.photo(people.valid.dni), '11222333', authToken);
      expect(((unknown.body.data as Body).notificacion as Body).errorArray).toEqual([
        expect.objectContaining({ name: 'PERSONA_NO_ENCONTRADA' }),
      ]);
      expect((await control.stats()).faceSubmissions).toBe(0);
    });
  });

  describe('behaviour', () => {
    it('fails exactly the next N registry calls, counting them', async () => {
      await control.behave({ failNextCalls: 2 });
      expect((await askToken()).status).toBe(503);
      expect((await askToken()).status).toBe(503);
      expect((await askToken()).status).toBe(200);
      expect(await control.stats()).toMatchObject({ calls: { token: 3 }, failuresInjected: 2, tokensIssued: 1 });
    });

    it('fails every call at failureRate 1 with the configured status', async () => {
      await control.behave({ failureRate: 1, failureStatus: 502 });
      expect((await askToken()).status).toBe(502);
    });

    it('answers 403 REMOTE ADDRESS NOT ALLOWED outside the allow-list', async () => {
      await control.behave({ allowedAddresses: ['203.0.113.7'] });
      const refused = await askToken();
      expect(refused.status).toBe(403);
      expect(refused.text).toBe('FORBIDDEN - REMOTE ADDRESS NOT ALLOWED');
      await control.behave({ allowedAddresses: ['127.0.0.1'] });
      expect((await askToken()).status).toBe(200);
    });

    it('delays answers by latencyMs', async () => {
      await control.behave({ latencyMs: 300 });
      const started = Date.now();
      await askToken();
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('reset restores the process behaviour, zeroes the stats and forgets tokens', async () => {
      const authToken = await token();
      await control.behave({ keyCase: 'lower', failureRate: 0.5 });
      await control.reset();
      expect(await control.behaviour()).toMatchObject({ keyCase: 'registry', failureRate: 0, faceAnswerDelayMs: 200 });
      expect((await control.stats()).calls.token).toBe(0);
      const params = query({ dni: people.valid.dni, sexo: 'F', idtramite: people.valid.tramite });
      expect((await call(PATH.personData + params, { token: authToken })).status).toBe(401);
    });
  });

  describe('control API', () => {
    it('wants the control key header', async () => {
      expect((await call('/_sandbox/stats')).status).toBe(401);
      expect((await call('/_sandbox/stats', { headers: { [CONTROL_KEY_HEADER]: 'wrong' } })).status).toBe(401);
    });

    it('lists the fixture people without images, and serves their registry photo as JPEG', async () => {
      const listed = await control.people();
      expect(listed.map((person) => person.role)).toEqual(
        expect.arrayContaining(['valid', 'valid-second', 'deceased', 'expired', 'reprinted']),
      );
      expect(JSON.stringify(listed)).not.toMatch(/\/9j\//); // no base64 JPEG anywhere
      const photo = await control.photo(people.valid.dni);
      expect([...photo.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      await expect(control.photo('11222333')).rejects.toThrow(/404/);
    });

    it('refuses an invalid behaviour, listing every problem, and changes nothing', async () => {
      const response = await call('/_sandbox/behaviour', {
        method: 'PUT',
        headers: { [CONTROL_KEY_HEADER]: sandbox.controlKey, 'content-type': 'application/json' },
        body: JSON.stringify({ keyCase: 'upper', failureRate: 3, bogus: true }),
      });
      expect(response.status).toBe(400);
      expect(response.body.problems).toEqual(['failureRate=3: a number from 0 to 1 expected', 'bogus: unknown setting']);
      expect((await control.behaviour()).keyCase).toBe('registry');
    });

    it('never returns the accepted password', async () => {
      expect(await control.behaviour()).not.toHaveProperty('password');
    });
  });

  it('refuses to start on invalid options, naming them', async () => {
    await expect(startRenaperSandbox({ port: 70000, keyCase: 'camel' as 'upper' })).rejects.toThrow(InvalidEnvironmentError);
    await expect(startRenaperSandbox({ port: 70000 })).rejects.toThrow(/port=70000/);
  });
});
