import type { TransportSingleOptions } from 'pino';

/** `pretty`: human-readable lines for a developer's terminal; `json`: one JSON object per line, for log shippers. */
export type LogFormat = 'pretty' | 'json';

/** The format asked for (LOG_FORMAT), else pretty on a developer's machine (NODE_ENV=development) and JSON everywhere else. */
export function resolveLogFormat(asked: LogFormat | undefined, nodeEnv: string): LogFormat {
  return asked ?? (nodeEnv === 'development' ? 'pretty' : 'json');
}

/**
 * pino-pretty's options: one line per entry, local time, the Nest context before the message, and a
 * request log as `GET /api/... → 200 in 12 ms` (its fields are already redacted by the serializers).
 */
export const PRETTY_LOG_OPTIONS = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,context,req,res,responseTime',
  messageFormat:
    '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} → {res.statusCode} in {responseTime} ms{end}',
  singleLine: true,
};

/**
 * The pino transport for a format: pino-pretty in a worker thread for `pretty`, none (JSON straight
 * to stdout) for `json`. Redaction is unaffected: pino's hooks and `redact` run before any transport.
 */
export function logTransport(format: LogFormat): TransportSingleOptions | undefined {
  return format === 'pretty' ? { target: 'pino-pretty', options: PRETTY_LOG_OPTIONS } : undefined;
}
