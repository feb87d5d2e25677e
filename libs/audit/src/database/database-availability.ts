/**
 * PostgreSQL SQLSTATEs that say "the server cannot serve you now", not "your query is wrong":
 * class 08 (connection exceptions), shutdowns and start-up, too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SQLSTATE_CLASSES = ['08'];

/** Socket errors of a server that is down, restarting or unreachable. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** node-postgres reports a lost or never-made connection with plain messages, without a code. */
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Connection is not established/i,
];

function fieldOf(error: unknown, field: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[field] : undefined;
}

function isUnavailableItself(error: unknown): boolean {
  const code = fieldOf(error, 'code');
  if (typeof code === 'string') {
    if (UNAVAILABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
  }
  const message = fieldOf(error, 'message');
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * True when `error` means the database cannot be reached or is not accepting work (down,
 * restarting, out of connections), as opposed to a bad query or a constraint: the caller answers
 * 503 and the client retries. Looks through TypeORM's `driverError`, `cause` and the
 * AggregateError node raises when every address of a host refuses.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  if (isUnavailableItself(error)) return true;
  const nested = [fieldOf(error, 'driverError'), fieldOf(error, 'cause'), ...((fieldOf(error, 'errors') as unknown[] | undefined) ?? [])];
  return nested.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
