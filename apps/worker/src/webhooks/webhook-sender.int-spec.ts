import { expect } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundHttp } from '@app/outbound';
import { isAccepted, sendWebhook } from './webhook-sender';

/** The sender against a receiver on 127.0.0.1: redirects are failures, refused destinations are never contacted. */
describe('sendWebhook', () => {
  let server: Server;
  let base: string;
  const paths: string[] = [];
  const development = new OutboundHttp({ allowPrivateNetworks: true, allowHosts: [] });
  const production = new OutboundHttp({ allowPrivateNetworks: false, allowHosts: [] });

  beforeAll(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      request.resume();
      if (request.url === '/moved') response.writeHead(307, { location: '/elsewhere' }).end();
      else response.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all([development.close(), production.close()]);
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => (paths.length = 0));

  const send = (http: OutboundHttp, url: string) =>
    sendWebhook(http, { url, body: Buffer.from('{}'), headers: { 'content-type': 'application/json' }, timeoutMs: 3000 });

  it('delivers to an allowed receiver', async () => {
    const result = await send(development, `${base}/hook`);
    expect(isAccepted(result)).toBe(true);
    expect(paths).toEqual(['/hook']);
  });

  it('treats a redirect as a failed attempt and never follows it', async () => {
    const result = await send(development, `${base}/moved`);
    expect(result).toMatchObject({ httpStatus: 307, error: 'HTTP 307' });
    expect(isAccepted(result)).toBe(false);
    expect(paths).toEqual(['/moved']);
  });

  it('marks a destination the egress policy refuses as refused, without contacting it', async () => {
    const result = await send(production, `${base.replace('127.0.0.1', 'localhost')}/hook`);
    expect(result).toMatchObject({ httpStatus: null, refused: true, error: expect.stringMatching(/refused.*loopback/) });
    expect(paths).toEqual([]);
  });
});
