import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import type { WebhookBodySource } from '../../apps/worker/src/webhooks/webhook-body';

/** The contract's body `{ event, timestamp, organizationId, payload }`, as the worker's buildWebhookBody writes it. */
export type WebhookBody = Omit<WebhookBodySource, 'createdAt'> & { timestamp: string };

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  raw: Buffer;
  /** The parsed body; null when the bytes were not JSON. */
  body: WebhookBody | null;
  /** Whether X-Webhook-Signature is the HMAC-SHA256 of `raw` with the receiver's secret (checked here, independently of the service's signer). */
  signatureValid: boolean;
  /**
   * Whether X-Webhook-Signature-V2 is the HMAC-SHA256 of `<X-Webhook-Id>.<X-Webhook-Timestamp>.<raw>`,
   * the timestamp is within 5 minutes of now and the id was not accepted (2xx) before: what docs/api.md
   * (Webhooks) tells receivers to check.
   */
  signatureV2Valid: boolean;
  /** The status this receiver answered. */
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests whose payload is the verification `id`. */
  forVerification(id: string): ReceivedWebhook[];
  /** Answer the next requests with these statuses (then 200 again). */
  answerNext(...statuses: number[]): void;
  /** Answer every request with this status until told otherwise (null = back to 200). */
  answerAlways(status: number | null): void;
  close(): Promise<void>;
}

/** A local HTTP receiver on 127.0.0.1 and a random port that records every request and checks its signature. */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const seen = new Set<string>();
  const queued: number[] = [];
  let always: number | null = null;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const answered = queued.shift() ?? always ?? 200;
      let body: WebhookBody | null = null;
      try {
        body = JSON.parse(raw.toString('utf8')) as WebhookBody;
      } catch {
        body = null;
      }
      const signatureValid = signatureMatches(raw, secret, request.headers['x-webhook-signature']);
      const signatureV2Valid = signatureV2Accepted(raw, secret, request.headers, seen, answered < 300);
      received.push({ headers: request.headers, raw, body, signatureValid, signatureV2Valid, answered });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/kyc`,
    received,
    forVerification: (id) => received.filter((r) => r.body?.payload?.id === id),
    answerNext: (...statuses) => queued.push(...statuses),
    answerAlways: (status) => (always = status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function signatureMatches(raw: Buffer, secret: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const MAX_AGE_SECONDS = 5 * 60;

/** The receiver of docs/api.md (Webhooks): V2 signature, a timestamp no older than 5 minutes, and an id not accepted before. */
function signatureV2Accepted(raw: Buffer, secret: string, headers: IncomingHttpHeaders, seen: Set<string>, accepting: boolean): boolean {
  const id = headers['x-webhook-id'];
  const timestamp = headers['x-webhook-timestamp'];
  const signature = headers['x-webhook-signature-v2'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_AGE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(raw).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  // Retries of a delivery this receiver refused share its id; once accepted, the same id again is a replay.
  if (seen.has(id)) return false;
  if (accepting) seen.add(id);
  return true;
}
