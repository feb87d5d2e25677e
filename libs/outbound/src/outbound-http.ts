import { Agent, request as undiciRequest } from 'undici';
import { EgressPolicy } from './egress-policy';
import { guardedConnector, OutboundRefusedError } from './guarded-connector';
import { outboundUrlProblem } from './outbound-url';

export interface OutboundRequest {
  url: URL | string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange: connect, send, headers and body. */
  timeoutMs: number;
  /** The answer's body is read up to this many bytes and the call aborted beyond; 0 = not read at all. */
  maxResponseBytes: number;
}

export interface OutboundResponse {
  status: number;
  /** Empty when `maxResponseBytes` is 0. */
  body: Buffer;
}

/** Why an outbound call produced no answer: the destination is refused, the answer is too large, too slow, or the network failed. */
export type OutboundFailureKind = 'refused' | 'too_large' | 'timeout' | 'network';

/** A failed outbound call. `reason` is short and safe to log: never the URL (a RENAPER query string holds a DNI). */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundFailureKind,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'OutboundError';
  }
}

export interface OutboundHttpOptions {
  /** Bound on opening a connection (also bounded by each call's own timeout). Default 10 000 ms. */
  connectTimeoutMs?: number;
}

/**
 * The one HTTP client for calls whose destination an organization chooses (its RENAPER base URL,
 * its webhook URLs): the egress policy is applied when connecting, redirects are never followed
 * (a 3xx is returned as such), every call has a deadline, and answers are read with a size cap.
 */
export class OutboundHttp {
  private readonly agent: Agent;

  constructor(
    readonly policy: EgressPolicy,
    options: OutboundHttpOptions = {},
  ) {
    this.agent = new Agent({ connect: guardedConnector(policy, options.connectTimeoutMs ?? 10_000) });
  }

  async send(request: OutboundRequest): Promise<OutboundResponse> {
    const problem = outboundUrlProblem(String(request.url), this.policy);
    if (problem !== null) throw new OutboundError('refused', `the URL ${problem}`);
    const signal = AbortSignal.timeout(request.timeoutMs);
    try {
      const response = await undiciRequest(request.url, {
        dispatcher: this.agent,
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
        maxRedirections: 0,
      });
      const body = await readCapped(response.body, response.headers['content-length'], request.maxResponseBytes);
      return { status: response.statusCode, body };
    } catch (error) {
      throw toOutboundError(error, request.timeoutMs);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

type ResponseBody = AsyncIterable<Buffer> & {
  destroy(error?: Error): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

/** Stops reading and drops the connection; the abort this raises on the stream is expected, not an error. */
function discard(body: ResponseBody): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads at most `limit` bytes, refusing early on a declared length beyond it; never buffers more than the limit. */
async function readCapped(body: ResponseBody, declaredLength: string | string[] | undefined, limit: number): Promise<Buffer> {
  if (limit === 0) {
    discard(body);
    return Buffer.alloc(0);
  }
  const tooLarge = () => new OutboundError('too_large', `the answer is larger than ${limit} bytes`);
  if (typeof declaredLength === 'string' && Number(declaredLength) > limit) {
    discard(body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) {
      discard(body);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function property(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function toOutboundError(error: unknown, timeoutMs: number): OutboundError {
  if (error instanceof OutboundError) return error;
  if (error instanceof OutboundRefusedError || property(error, 'code') === 'OUTBOUND_REFUSED') {
    const message = property(error, 'message');
    return new OutboundError('refused', typeof message === 'string' ? message : 'refused by the egress policy');
  }
  const cause = property(error, 'cause');
  if (cause instanceof OutboundRefusedError) return new OutboundError('refused', cause.message);
  const name = property(error, 'name');
  const code = property(error, 'code');
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new OutboundError('timeout', `no answer within ${timeoutMs} ms`);
  }
  return new OutboundError('network', typeof code === 'string' ? `network error (${code})` : 'network error');
}
