import { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import { LogFormat, logTransport, redactingLogHooks, redactUrl } from '@app/core';

/**
 * Structured request logs. Bodies are never logged (they hold face images), nor are credentials;
 * URLs are logged with identity numbers (`?taxId=`) and hosted session tokens redacted, and every
 * message is scrubbed for the same shapes (`redactText`). The request id ties a log line to the
 * `requestId` a client quotes. `pretty` prints the same (already redacted) entries as readable lines.
 */
export function pinoHttpOptions(level: string, format: LogFormat): Options {
  return {
    level,
    transport: logTransport(format),
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? '',
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url ?? '') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    hooks: redactingLogHooks,
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  };
}
