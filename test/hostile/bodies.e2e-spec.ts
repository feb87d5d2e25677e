import { request as httpRequest } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { MAX_JSON_DEPTH } from '../../apps/api/src/http/json-body';
import {
  biometricRow,
  expectAlive,
  expectContractError,
  faceMatchRow,
  formBody,
  HostileContext,
  openSession,
  startHostileApi,
  storedFiles,
} from './support';

interface SocketAnswer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

/**
 * Bodies as a careless or hostile client sends them: malformed, nested, truncated, oversized.
 * Oversized bodies go over a real socket, streamed, because what fails there is the connection.
 */
describe('hostile input: bodies (real app, real sockets for sizes)', () => {
  let context: HostileContext;
  let port: number;

  beforeAll(async () => {
    context = await startHostileApi('hostile-bodies');
    await context.api.app.listen({ port: 0, host: '127.0.0.1' });
    port = (context.api.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(() => context.api.close());

  /** Streams `size` bytes (`head`, then filler, then `tail`) in 64 KB chunks; resolves with the answer, or rejects on a reset. */
  function sendLarge(
    path: string,
    headers: Record<string, string>,
    head: string,
    size: number,
    tail: string,
    chunked = false,
  ): Promise<SocketAnswer> {
    return new Promise((resolve, reject) => {
      const fillerLength = size - Buffer.byteLength(head) - Buffer.byteLength(tail);
      // No agent: `Connection: close`, the case where Node closes the socket as soon as the answer is written.
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: chunked ? headers : { ...headers, 'content-length': String(size) },
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body, json: (): unknown => JSON.parse(body) });
        });
      });
      request.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'A');
      let sent = 0;
      const pump = () => {
        if (sent === 0) request.write(head);
        while (sent < fillerLength) {
          const piece = chunk.subarray(0, Math.min(chunk.length, fillerLength - sent));
          sent += piece.length;
          if (!request.write(piece)) return void request.once('drain', pump);
        }
        request.end(tail);
      };
      pump();
    });
  }

  describe('oversized bodies: 413 PAYLOAD_TOO_LARGE in the contract shape, the connection not reset', () => {
    it('a 20 MB JSON body to /api/kyc/biometric (was a connection reset), and the call is recorded', async () => {
      const answer = await sendLarge(
        '/api/kyc/biometric',
        { ...context.org.headers, 'content-type': 'application/json' },
        '{"externalEntityId":"c-1","user_image":"',
        20 * 1024 * 1024,
        '"}',
      );
      const body = expectContractError(
        answer,
        413,
        'PAYLOAD_TOO_LARGE',
        /^The request body is larger than 6\.7 MB, the limit of this endpoint$/,
      );
      expect(await biometricRow(context, body.requestId)).toMatchObject({ status: 'failed' });
      await expectAlive(context);
    });

    it('the same body without a declared length (chunked) is refused while it streams', async () => {
      const answer = await sendLarge(
        '/api/kyc/biometric',
        { ...context.org.headers, 'content-type': 'application/json' },
        '{"user_image":"',
        20 * 1024 * 1024,
        '"}',
        true,
      );
      expectContractError(answer, 413, 'PAYLOAD_TOO_LARGE', /larger than 6\.7 MB/);
    });

    it('a 2 MB JSON body to /api/entities (limit 1 MB)', async () => {
      const answer = await sendLarge(
        '/api/entities',
        { ...context.org.headers, 'content-type': 'application/json' },
        '{"type":"person","name":"',
        2 * 1024 * 1024,
        '"}',
      );
      expectContractError(answer, 413, 'PAYLOAD_TOO_LARGE', /larger than 1 MB/);
    });

    it('a 20 MB body with an unknown API key is refused before it is read', async () => {
      const answer = await sendLarge(
        '/api/kyc/biometric',
        { authorization: 'Bearer kyc_unknown', 'content-type': 'application/json' },
        '{"user_image":"',
        20 * 1024 * 1024,
        '"}',
      );
      expectContractError(answer, 401, 'UNAUTHORIZED', /not valid or was revoked/);
    });

    it('a 30 MB multipart face match is refused from its declared length, recorded, and stores nothing', async () => {
      const before = storedFiles(context.api.storageDir);
      const boundary = 'hostileboundary';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="documentImage"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
      const answer = await sendLarge(
        '/api/kyc/face-match',
        { ...context.org.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        head,
        30 * 1024 * 1024,
        `\r\n--${boundary}--\r\n`,
      );
      const body = expectContractError(answer, 413, 'PAYLOAD_TOO_LARGE', /larger than 13\.7 MB/);
      expect(await faceMatchRow(context, body.requestId)).toMatchObject({ status: 'failed', error_message: body.message });
      expect(storedFiles(context.api.storageDir)).toEqual(before);
    });

    it('a 6 MB upload to an unknown hosted token is NOT_FOUND and not buffered', async () => {
      const boundary = 'hostedboundary';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
      const answer = await sendLarge(
        `/kyc/session/${'z'.repeat(43)}/document`,
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
        head,
        6 * 1024 * 1024,
        `\r\n--${boundary}--\r\n`,
      );
      expectContractError(answer, 404, 'NOT_FOUND', /^Session not found$/);
    });
  });

  describe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels (was a 500)`, () => {
    const deep = (inner: string) => `${'{"a":'.repeat(10_000)}${inner}${'}'.repeat(10_000)}`;

    it.each([
      ['POST', '/api/entities', `{"type":"person","person":${deep('1')}}`],
      ['PATCH', '/api/organizations/current/kyc-settings', `{"faceMatch":${deep('1')}}`],
      ['POST', '/api/kyc/validations', `{"entityId":"${randomUUID()}","metadata":${deep('1')}}`],
      ['POST', '/api/kyc/validations', `{"entityId":"${randomUUID()}","metadata":{"list":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`],
    ] as const)('%s %s', async (method, url, payload) => {
      const response = await context.api.app.inject({
        method,
        url,
        headers: { ...context.org.headers, 'content-type': 'application/json' },
        payload,
      });
      expectContractError(response, 400, 'INVALID_REQUEST', new RegExp(`^The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels$`));
      await expectAlive(context);
    });

    it('POST /api/kyc/biometric, and the call is recorded', async () => {
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/biometric',
        headers: { ...context.org.headers, 'content-type': 'application/json' },
        payload: `{"user_image":"x","externalEntityId":"c-1","extra":${deep('1')}}`,
      });
      const body = expectContractError(response, 400, 'INVALID_REQUEST', /nested deeper than/);
      expect(await biometricRow(context, body.requestId)).toMatchObject({ status: 'failed' });
    });
  });

  describe('malformed JSON says what is wrong, and audited routes record it', () => {
    it('malformed JSON to face match is recorded (it was refused with no row)', async () => {
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: { ...context.org.headers, 'content-type': 'application/json' },
        payload: '{"documentImage": ',
      });
      const body = expectContractError(response, 400, 'INVALID_REQUEST', /multipart\/form-data/);
      expect(await faceMatchRow(context, body.requestId)).toMatchObject({ status: 'failed', error_message: body.message });
    });

    it('malformed JSON to the biometric check is recorded', async () => {
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/biometric',
        headers: { ...context.org.headers, 'content-type': 'application/json' },
        payload: '{"user_image": "abc",}',
      });
      const body = expectContractError(response, 400, 'INVALID_REQUEST', /^The body is not valid JSON \(error at character \d+\)$/);
      expect(await biometricRow(context, body.requestId)).toMatchObject({ status: 'failed' });
    });

    it('a __proto__ key is named, not called invalid JSON', async () => {
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/validations',
        headers: { ...context.org.headers, 'content-type': 'application/json' },
        payload: `{"entityId":"${randomUUID()}","metadata":{"__proto__":{"isAdmin":true}}}`,
      });
      expectContractError(response, 400, 'INVALID_REQUEST', /^The JSON body has the key "metadata\.__proto__", which is not accepted/);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('an empty body declared as JSON', async () => {
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/entities',
        headers: { ...context.org.headers, 'content-type': 'application/json' },
        payload: '',
      });
      expectContractError(response, 400, 'INVALID_REQUEST', /^The body is empty but content-type is application\/json/);
    });

    it('a malformed body from an unknown key is UNAUTHORIZED first', async () => {
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/entities',
        headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
        payload: '{,',
      });
      expectContractError(response, 401, 'UNAUTHORIZED', /not valid/);
    });
  });

  describe('multipart bodies that are cut or malformed', () => {
    async function truncatedFaceMatch(): Promise<{ payload: Buffer; headers: Record<string, string> }> {
      const body = await formBody([
        ['vendorData', 'v-1'],
        ['documentImage', { bytes: context.image }],
        ['selfieImage', { bytes: context.image }],
      ]);
      // Cut in the middle of the selfie: no closing boundary.
      return { payload: body.payload.subarray(0, body.payload.length - context.image.length / 2), headers: body.headers };
    }

    it('a face match cut before its closing boundary (was a 500) is recorded and stores nothing', async () => {
      const before = storedFiles(context.api.storageDir);
      const body = await truncatedFaceMatch();
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: { ...context.org.headers, ...body.headers },
        payload: body.payload,
      });
      const error = expectContractError(response, 400, 'INVALID_REQUEST', /^The multipart body is malformed or incomplete/);
      expect(await faceMatchRow(context, error.requestId)).toMatchObject({ status: 'failed', error_message: error.message });
      expect(storedFiles(context.api.storageDir)).toEqual(before);
      await expectAlive(context);
    });

    it('a face match cut inside the part headers', async () => {
      const body = await formBody([['documentImage', { bytes: context.image }]]);
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: { ...context.org.headers, ...body.headers },
        payload: body.payload.subarray(0, 60),
      });
      const error = expectContractError(response, 400, 'INVALID_REQUEST', /malformed or incomplete/);
      expect(await faceMatchRow(context, error.requestId)).toMatchObject({ status: 'failed' });
    });

    it('a multipart content type without a boundary', async () => {
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: { ...context.org.headers, 'content-type': 'multipart/form-data' },
        payload: 'whatever',
      });
      const error = expectContractError(response, 400, 'INVALID_REQUEST', /malformed or incomplete|multipart\/form-data/);
      expect(await faceMatchRow(context, error.requestId)).toMatchObject({ status: 'failed' });
    });

    it('a biometric check cut before its closing boundary is recorded', async () => {
      const full = await formBody([
        ['externalEntityId', 'c-1'],
        ['userImage', { bytes: context.image }],
      ]);
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/biometric',
        headers: { ...context.org.headers, ...full.headers },
        payload: full.payload.subarray(0, full.payload.length - 100),
      });
      const error = expectContractError(response, 400, 'INVALID_REQUEST', /malformed or incomplete/);
      expect(await biometricRow(context, error.requestId)).toMatchObject({ status: 'failed' });
    });

    it('a hosted document cut before its closing boundary stores nothing', async () => {
      const { token } = await openSession(context);
      await context.api.app.inject({
        method: 'POST',
        url: `/kyc/session/${token}/consent`,
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      const before = storedFiles(context.api.storageDir);
      const full = await formBody([['document', { bytes: context.image }]]);
      const response = await context.api.app.inject({
        method: 'POST',
        url: `/kyc/session/${token}/document`,
        headers: full.headers,
        payload: full.payload.subarray(0, full.payload.length - 100),
      });
      expectContractError(response, 400, 'INVALID_REQUEST', /malformed or incomplete/);
      expect(storedFiles(context.api.storageDir)).toEqual(before);
    });

    it('a form with more than 30 parts says so', async () => {
      const parts = Array.from({ length: 35 }, (_, i): [string, string] => [`extra${i}`, 'x']);
      const body = await formBody(parts);
      const response = await context.api.app.inject({
        method: 'POST',
        url: '/api/kyc/face-match',
        headers: { ...context.org.headers, ...body.headers },
        payload: body.payload,
      });
      const error = expectContractError(response, 400, 'INVALID_REQUEST', /^The form has more than 30 parts$/);
      expect(await faceMatchRow(context, error.requestId)).toMatchObject({ status: 'failed' });
    });
  });

  describe('errors outside the routes', () => {
    it('a request Node cannot parse gets the contract body with a request id', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /api/entities HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'));
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString('utf8')));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      const parsed = JSON.parse(body) as { code: string; message: string; requestId: string };
      expect(parsed).toMatchObject({ code: 'INVALID_REQUEST', message: 'The request is not valid HTTP' });
      expect(head).toContain(`X-Request-Id: ${parsed.requestId}`);
      await expectAlive(context);
    });
  });
});
