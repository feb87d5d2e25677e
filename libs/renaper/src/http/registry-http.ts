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
 * One HTTP exchange with the registry, bounded by a timeout, and the one place that sorts what
 * went wrong into transient (retry later) and permanent (stop). Never puts the URL into a reason:
 * its query string holds the DNI.
 */
export class RegistryHttp {
  constructor(private readonly timeoutMs: number) {}

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

    let status: number;
    let text: string;
    try {
      // The timeout covers the body too: a registry that sends headers and then stalls is as slow as one that never answers.
      const response = await fetch(request.url, { method: request.method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new RenaperTransientError(request.operation, this.describeTransportFailure(error));
    }
    return classifyReply(request.operation, status, text);
  }

  /** Reads names and codes structurally: fetch's errors may come from another realm (instanceof fails there). */
  private describeTransportFailure(error: unknown): string {
    const name = property(error, 'name');
    if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${this.timeoutMs} ms`;
    const code = property(property(error, 'cause'), 'code');
    return typeof code === 'string' ? `network error (${code})` : 'network error';
  }
}

function property(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
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
  if (status === 429 || status >= 500) throw new RenaperTransientError(operation, `HTTP ${status}`, status);
  if (status === 403 && ADDRESS_NOT_ALLOWED.test(text)) {
    throw new RenaperPermanentError(operation, 'this address is not allow-listed (REMOTE ADDRESS NOT ALLOWED)', status);
  }
  throw new RenaperPermanentError(operation, `HTTP ${status}`, status);
}
