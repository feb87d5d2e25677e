import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundHttp } from '@app/outbound';
import { RenaperPermanentError, RenaperTransientError } from '../http/renaper-errors';
import { RenaperClient } from './renaper-client';
import type { RenaperCredentials } from './renaper.types';

/**
 * The client against a scripted HTTP stub, for answers the sandbox does not give (garbage, odd
 * gateways). The client against the real sandbox is tested in apps/renaper-sandbox.
 */
type Scripted = { status: number; body: string; headers?: Record<string, string> };
type Script = (request: IncomingMessage, url: URL) => Scripted;

const DNI = '28456712';
const TOKEN_OK: Scripted = { status: 200, body: JSON.stringify({ codigo_http: 200, data: { codigo: 0, token: 'abc' } }) };

describe('RenaperClient against a scripted registry', () => {
  let server: Server;
  let baseUrl: string;
  let script: Script;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://stub');
      seen.push(url.pathname);
      request.resume();
      request.on('end', () => {
        const answer = script(request, url);
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  // The stub listens on 127.0.0.1: the development and test egress policy.
  const permissive = new OutboundHttp({ allowPrivateNetworks: true, allowHosts: [] });
  const localClient = () => new RenaperClient({ outbound: permissive });

  afterAll(async () => {
    await permissive.close();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  const credentials = (): RenaperCredentials => ({ organizationId: 'org-a', baseUrl, username: 'bank', password: 'pw' });
  const query = { dni: DNI, sexo: 'female', tramite: '00623451287' };

  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a failure');
  }

  it('a non-JSON answer is permanent, and no error message carries the DNI or the URL', async () => {
    script = (_request, url) => (url.pathname.endsWith('token.php') ? TOKEN_OK : { status: 200, body: '<html>gateway</html>' });
    const error = await failure(localClient().checkPerson(credentials(), query));
    expect(error).toBeInstanceOf(RenaperPermanentError);
    expect(error.message).toMatch(/not JSON/);
    expect(error.message).not.toContain(DNI);
    expect(error.message).not.toContain('porDniSexoTramite');
  });

  it('429 is transient', async () => {
    script = (_request, url) => (url.pathname.endsWith('token.php') ? TOKEN_OK : { status: 429, body: '' });
    const error = await failure(localClient().checkPerson(credentials(), query));
    expect(error).toBeInstanceOf(RenaperTransientError);
    expect((error as RenaperTransientError).httpStatus).toBe(429);
  });

  it('a refused connection is transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(localClient().checkPerson({ ...credentials(), baseUrl: `http://127.0.0.1:${port}` }, query));
    expect(error).toBeInstanceOf(RenaperTransientError);
    expect(error.message).toMatch(/network error \(ECONNREFUSED\)/);
  });

  it('renews a rejected token once, then gives up permanently when the new one is rejected too', async () => {
    script = (_request, url) => (url.pathname.endsWith('token.php') ? TOKEN_OK : { status: 401, body: '' });
    const error = await failure(localClient().checkPerson(credentials(), query));
    expect(error).toBeInstanceOf(RenaperPermanentError);
    expect(seen.filter((path) => path.endsWith('token.php'))).toHaveLength(2);
    expect(seen.filter((path) => path.endsWith('porDniSexoTramite.php'))).toHaveLength(2);
  });

  it('keeps a path prefix of the base URL and sends the trámite without leading zeros', async () => {
    const asked: URL[] = [];
    script = (_request, url) => {
      asked.push(url);
      if (url.pathname.endsWith('token.php')) return TOKEN_OK;
      return { status: 200, body: JSON.stringify({ ID_TRAMITE_PRINCIPAL: 0, codigo: 99 }) };
    };
    const check = await localClient().checkPerson({ ...credentials(), baseUrl: `${baseUrl}/gateway/` }, query);
    expect(check.status).toBe('not_found');
    expect(asked.map((url) => url.pathname)).toEqual([
      '/gateway/CHUTROFINAL/API_ABIS/Autorizacion/token.php',
      '/gateway/apidatos/porDniSexoTramite.php',
    ]);
    expect(Object.fromEntries(asked[1].searchParams)).toEqual({ dni: DNI, sexo: 'F', idtramite: '623451287' });
  });

  it('refuses bad input before calling the registry', async () => {
    script = () => TOKEN_OK;
    const client = localClient();
    await expect(client.checkPerson(credentials(), { ...query, dni: '123' })).rejects.toThrow(RenaperPermanentError);
    await expect(client.checkPerson(credentials(), { ...query, sexo: 'unknown' })).rejects.toThrow(/sexo/);
    await expect(client.checkPerson(credentials(), { ...query, tramite: '12-3' })).rejects.toThrow(/trámite/);
    await expect(client.submitFace(credentials(), { dni: DNI, sexo: 'F', jpeg: Buffer.from('not a jpeg') })).rejects.toThrow(/JPEG/);
    await expect(client.pollFace(credentials(), '../etc')).rejects.toThrow(/transaction control number/);
    await expect(client.checkPerson({ ...credentials(), baseUrl: 'ftp://x' }, query)).rejects.toThrow(/base URL/);
    expect(seen).toEqual([]);
  });

  it('does not follow a redirect: a permanent failure, and the redirect target is never asked', async () => {
    script = (_request, url) =>
      url.pathname.startsWith('/elsewhere')
        ? TOKEN_OK
        : { status: 302, body: '', headers: { location: `${baseUrl}/elsewhere${url.pathname}` } };
    const error = await failure(localClient().checkPerson(credentials(), query));
    expect(error).toBeInstanceOf(RenaperPermanentError);
    expect(error.message).toMatch(/HTTP 302: redirects are not followed/);
    expect(seen).toEqual(['/CHUTROFINAL/API_ABIS/Autorizacion/token.php']);
  });

  it('refuses an answer beyond the size cap (5 MB against 1 MB) as a permanent failure', async () => {
    const huge = `{"data":{"codigo":0,"token":"${'x'.repeat(5 * 1024 * 1024)}"}}`;
    script = () => ({ status: 200, body: huge });
    const error = await failure(localClient().checkPerson(credentials(), query));
    expect(error).toBeInstanceOf(RenaperPermanentError);
    expect(error.message).toMatch(/larger than 1048576 bytes/);
  });

  it('refuses an answer that grows past the cap without declaring its length', async () => {
    const chunked = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      // Streams 5 MB in chunks with no content-length; the client must stop reading past 1 MB.
      let sent = 0;
      const pump = () => {
        while (sent < 5 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('error', () => undefined);
      pump();
    });
    await new Promise<void>((resolve) => chunked.listen(0, '127.0.0.1', resolve));
    try {
      const port = (chunked.address() as AddressInfo).port;
      const error = await failure(localClient().checkPerson({ ...credentials(), baseUrl: `http://127.0.0.1:${port}` }, query));
      expect(error).toBeInstanceOf(RenaperPermanentError);
      expect(error.message).toMatch(/larger than 1048576 bytes/);
    } finally {
      chunked.closeAllConnections();
      await new Promise((resolve) => chunked.close(resolve));
    }
  });

  it('with private networks refused (production), never connects to a loopback registry', async () => {
    script = () => TOKEN_OK;
    const strict = new RenaperClient(); // the default guard: public addresses only
    for (const base of [
      baseUrl,
      baseUrl.replace('127.0.0.1', 'localhost'),
      baseUrl.replace('127.0.0.1', '127.1'),
      baseUrl.replace('127.0.0.1', '[::1]'),
    ]) {
      const error = await failure(strict.checkPerson({ ...credentials(), baseUrl: base }, query));
      expect(error).toBeInstanceOf(RenaperPermanentError);
      expect(error.message).toMatch(/refused/);
    }
    expect(seen).toEqual([]);
  });
});
