import { OutboundError, OutboundHttp } from '@app/outbound';
import { RenaperOperation, RenaperPermanentError, RenaperTransientError } from './renaper-errors';
import { asNumber, lowerCaseKeys, type RegistryObject } from './registry-json';

export interface RegistryRequest {
  operation: RenaperOperation;
  method: 'GET' | 'POST';
  url: URL;
  bearer?: string;
  form?: Record<string, string>;
  json?: Record<string, string>;
}

/** A usable answer (keys lower-cased), or the registry saying the bearer token is not (or no longer) valid. */
export type RegistryReply = { kind: 'answer'; body: RegistryObject } | { kind: 'token_rejected' };

const ADDRESS_NOT_ALLOWED = /REMOTE ADDRESS NOT ALLOWED/i;

/**
 * One HTTP exchange with the registry through the outbound guard (egress policy, no redirects, a
 * timeout over the whole exchange, a size cap on the answer), and the one place that sorts what
 * went wrong into transient (retry later) and permanent (stop). Never puts the URL into a reason:
 * its query string holds the DNI.
 */
export class RegistryHttp {
  constructor(
    private readonly outbound: OutboundHttp,
    private readonly timeoutMs: number,
    private readonly maxResponseBytes: number,
  ) {}

  async send(request: RegistryRequest): Promise<RegistryReply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.bearer) headers.authorization = `Bearer ${request.bearer}`;
    let body: string | undefined;
    if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    } else if (request.json) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    }

    try {
      // The timeout covers the body too: a registry that sends headers and then stalls is as slow as one that never answers.
      const response = await this.outbound.send({
        url: request.url,
        method: request.method,
        headers,
        body,
        timeoutMs: this.timeoutMs,
        maxResponseBytes: this.maxResponseBytes,
      });
      return classifyReply(request.operation, response.status, response.body.toString('utf8'));
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      // A refused destination or an oversized answer will be the same on the next try: stop.
      if (error.kind === 'refused' || error.kind === 'too_large') throw new RenaperPermanentError(request.operation, error.reason);
      throw new RenaperTransientError(request.operation, error.reason);
    }
  }
}

/** Sorts an HTTP status and body into an answer, a token rejection, or a typed failure. */
export function classifyReply(operation: RenaperOperation, status: number, text: string): RegistryReply {
  if (judgeStatus(operation, status, text) === 'token_rejected') return { kind: 'token_rejected' };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RenaperPermanentError(operation, 'malformed answer (not JSON)', status);
  }
  const body = lowerCaseKeys(parsed);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RenaperPermanentError(operation, 'malformed answer (not a JSON object)', status);
  }

  // Behind some gateways the real status only shows in the body's codigo_http.
  const bodyStatus = asNumber(body.codigo_http);
  if (bodyStatus !== null && judgeStatus(operation, bodyStatus, text) === 'token_rejected') return { kind: 'token_rejected' };
  return { kind: 'answer', body };
}

/** 2xx → ok, 401 → token rejected; anything else throws the matching failure. */
function judgeStatus(operation: RenaperOperation, status: number, text: string): 'ok' | 'token_rejected' {
  if (status >= 200 && status <= 299) return 'ok';
  if (status === 401) return 'token_rejected';
  // Never followed: a redirect could lead the organization's credentials and the DNI anywhere.
  if (status >= 300 && status <= 399) throw new RenaperPermanentError(operation, `HTTP ${status}: redirects are not followed`, status);
  if (status === 429 || status >= 500) throw new RenaperTransientError(operation, `HTTP ${status}`, status);
  if (status === 403 && ADDRESS_NOT_ALLOWED.test(text)) {
    throw new RenaperPermanentError(operation, 'this address is not allow-listed (REMOTE ADDRESS NOT ALLOWED)', status);
  }
  throw new RenaperPermanentError(operation, `HTTP ${status}`, status);
}
