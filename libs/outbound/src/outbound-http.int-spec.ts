import { expect } from '@jest/globals';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundError, OutboundHttp } from './outbound-http';

type Handler = (path: string, response: ServerResponse) => void;

/**
 * The guard against a real HTTP server on 127.0.0.1. Every refusal is checked to happen before a
 * connection is opened (the server counts them); no traffic goes to any non-loopback address.
 */
describe('OutboundHttp', () => {
  let server: Server;
  let port: number;
  let handler: Handler;
  let connections = 0;
  const paths: string[] = [];
  const clients: OutboundHttp[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      request.resume();
      request.on('end', () => handler(request.url ?? '', response));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    connections = 0;
    paths.length = 0;
    handler = (_path, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });

  function client(allowPrivateNetworks: boolean, allowHosts: string[] = []): OutboundHttp {
    const created = new OutboundHttp({ allowPrivateNetworks, allowHosts });
    clients.push(created);
    return created;
  }

  const get = (http: OutboundHttp, url: string, maxResponseBytes = 1024 * 1024, timeoutMs = 5000) =>
    http.send({ url, method: 'GET', headers: {}, timeoutMs, maxResponseBytes });

  async function failure(promise: Promise<unknown>): Promise<OutboundError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(OutboundError);
      return error as OutboundError;
    }
    throw new Error('expected a failure');
  }

  it('with private networks allowed (development, tests), reaches a loopback server by address and by name', async () => {
    const http = client(true);
    await expect(get(http, `http://127.0.0.1:${port}/a`)).resolves.toEqual({ status: 200, body: Buffer.from('{"ok":true}') });
    await expect(get(http, `http://localhost:${port}/b`)).resolves.toMatchObject({ status: 200 });
    expect(paths).toEqual(['/a', '/b']);
  });

  it.each(['localhost', '127.0.0.1', '127.1', '0x7f000001', '[::1]', '169.254.169.254'])(
    'with private networks refused (production), refuses http://%s before connecting',
    async (host) => {
      const error = await failure(get(client(false), `http://${host}:${port}/secret`));
      expect(error.kind).toBe('refused');
      expect(error.reason).toMatch(/loopback|linkLocal/);
      expect(connections).toBe(0);
      expect(paths).toEqual([]);
    },
  );

  it('refuses the metadata address even with private networks allowed, before connecting', async () => {
    const error = await failure(get(client(true), 'http://169.254.169.254/latest/meta-data/'));
    expect(error).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/never allowed/) });
  });

  it('lets an allow-listed host through in production (OUTBOUND_ALLOW_HOSTS), by name or by address', async () => {
    await expect(get(client(false, ['localhost']), `http://localhost:${port}/by-name`)).resolves.toMatchObject({ status: 200 });
    await expect(get(client(false, ['127.0.0.0/8']), `http://127.0.0.1:${port}/by-range`)).resolves.toMatchObject({ status: 200 });
    expect(paths).toEqual(['/by-name', '/by-range']);
  });

  it('returns a redirect as such and never follows it', async () => {
    handler = (path, response) =>
      path === '/start'
        ? response.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end()
        : response.writeHead(200).end('target');
    await expect(get(client(true), `http://127.0.0.1:${port}/start`)).resolves.toMatchObject({ status: 302 });
    expect(paths).toEqual(['/start']);
  });

  it('aborts a 5 MB answer at the 1 MB cap, declared or streamed', async () => {
    const fiveMb = Buffer.alloc(5 * 1024 * 1024, 0x61);
    handler = (path, response) => {
      if (path === '/declared') return response.writeHead(200, { 'content-length': String(fiveMb.length) }).end(fiveMb);
      response.writeHead(200); // chunked: no length announced
      response.on('error', () => undefined);
      response.end(fiveMb);
    };
    const http = client(true);
    await expect(failure(get(http, `http://127.0.0.1:${port}/declared`))).resolves.toMatchObject({
      kind: 'too_large',
      reason: 'the answer is larger than 1048576 bytes',
    });
    await expect(failure(get(http, `http://127.0.0.1:${port}/streamed`))).resolves.toMatchObject({ kind: 'too_large' });
  });

  it('does not read the answer at all when asked for none (webhooks)', async () => {
    handler = (_path, response) => response.writeHead(204).end();
    await expect(get(client(true), `http://127.0.0.1:${port}/hook`, 0)).resolves.toEqual({ status: 204, body: Buffer.alloc(0) });
  });

  it('gives up on a server that never answers when the deadline passes', async () => {
    handler = () => undefined; // holds the request open
    const error = await failure(get(client(true), `http://127.0.0.1:${port}/slow`, 1024, 300));
    expect(error).toMatchObject({ kind: 'timeout', reason: 'no answer within 300 ms' });
  });

  it('refuses URLs that can never be called, before anything is resolved', async () => {
    await expect(failure(get(client(true), 'ftp://127.0.0.1/x'))).resolves.toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/http or https/),
    });
    await expect(failure(get(client(true), `http://user:pw@127.0.0.1:${port}/x`))).resolves.toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/credentials/),
    });
    expect(connections).toBe(0);
  });
});
