/**
 * What never reaches a log line: identity numbers (DNI, CUIL/CUIT, trámite), hosted session
 * tokens, API keys and image bytes. Request URLs are rebuilt from an allow-list of harmless query
 * parameters; free text (messages) is scrubbed for the shapes those values take. Pure functions,
 * shared by the API's request log and every process's logger.
 */

export const REDACTED = '[redacted]';

/** Query parameters whose values say nothing about a person (filters, paging, flags, our own ids). */
const HARMLESS_QUERY_PARAMETERS = new Set([
  'limit',
  'offset',
  'page',
  'pageSize',
  'status',
  'entityId',
  'doubleCheckRenaper',
  'type',
  'sort',
  'order',
  'from',
  'to',
]);

/** The hosted capture page's paths carry the session token, a credential: `/kyc/session/<token>/...`. */
const HOSTED_TOKEN = /(\/kyc\/session\/)[^/?#\s"']+/g;
/** DNI (7–8 digits), trámite (up to 11) and CUIL/CUIT (11) as bare digit runs, dashed or not. */
const DIGIT_RUN = /(?<![A-Za-z0-9])\d{7,11}(?![A-Za-z0-9])/g;
/** A DNI written with dots (`28.456.712`). */
const DOTTED_DNI = /(?<![\d.])\d{1,2}\.\d{3}\.\d{3}(?![\d.])/g;
/** API keys (`kyc_` + base64url) and bearer credentials of any shape. */
const API_KEY = /\bkyc_[A-Za-z0-9_-]{8,}/g;
const BEARER = /\b(Bearer\s+)\S+/gi;
/** Long base64 runs: image bytes (a data URL or a bare base64 field echoed in a message). */
const BASE64_RUN = /[A-Za-z0-9+/]{200,}={0,2}/g;

/** Free text with every sensitive shape replaced by `[redacted]`. */
export function redactText(text: string): string {
  return text
    .replace(HOSTED_TOKEN, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(API_KEY, REDACTED)
    .replace(BASE64_RUN, REDACTED)
    .replace(DOTTED_DNI, REDACTED)
    .replace(DIGIT_RUN, REDACTED);
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/**
 * A request URL as it may be logged: the hosted token out of the path, and the value of every query
 * parameter outside the allow-list replaced (`/api/entities?taxId=[redacted]&limit=10`).
 */
export function redactUrl(url: string): string {
  const withoutFragment = url.split('#', 1)[0];
  const queryStart = withoutFragment.indexOf('?');
  const path = queryStart === -1 ? withoutFragment : withoutFragment.slice(0, queryStart);
  const safePath = redactText(decoded(path)).slice(0, 512);
  if (queryStart === -1) return safePath;

  const pairs = withoutFragment
    .slice(queryStart + 1)
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const separator = pair.indexOf('=');
      const name = redactText(decoded(separator === -1 ? pair : pair.slice(0, separator))).slice(0, 64);
      const value = separator === -1 ? '' : decoded(pair.slice(separator + 1));
      const shown = HARMLESS_QUERY_PARAMETERS.has(name) ? redactText(value).slice(0, 128) : REDACTED;
      return `${name}=${shown}`;
    });
  return `${safePath}?${pairs.join('&')}`;
}

/** Strings in a log call's arguments, scrubbed (objects pass through: serializers own them). */
export function redactLogArguments(args: unknown[]): unknown[] {
  return args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
}

/** pino `hooks` that scrub the strings of every log call (messages and their interpolated values). */
export const redactingLogHooks = {
  logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void): void {
    method.apply(this, redactLogArguments(args));
  },
};
