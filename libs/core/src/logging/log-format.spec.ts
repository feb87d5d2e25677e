import { Writable } from 'node:stream';
import pino from 'pino';
import pretty from 'pino-pretty';
import { logTransport, PRETTY_LOG_OPTIONS, resolveLogFormat } from './log-format';
import { redactingLogHooks } from './log-redaction';

/** A pino logger as the processes build it (the redaction hooks), printing through pino-pretty into a string. */
function prettyLogger(): { logger: pino.Logger; output: () => string } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const stream = pretty({ ...PRETTY_LOG_OPTIONS, colorize: false, sync: true, destination });
  return { logger: pino({ level: 'info', hooks: redactingLogHooks }, stream), output: () => text };
}

describe('log format', () => {
  it('is pretty on a developer machine and JSON in production and tests, unless LOG_FORMAT says otherwise', () => {
    expect(resolveLogFormat(undefined, 'development')).toBe('pretty');
    expect(resolveLogFormat(undefined, 'production')).toBe('json');
    expect(resolveLogFormat(undefined, 'test')).toBe('json');
    expect(resolveLogFormat('json', 'development')).toBe('json');
    expect(resolveLogFormat('pretty', 'production')).toBe('pretty');
  });

  it('sends pretty logs through the pino-pretty transport and JSON logs straight to stdout', () => {
    expect(logTransport('pretty')).toEqual({ target: 'pino-pretty', options: PRETTY_LOG_OPTIONS });
    expect(logTransport('json')).toBeUndefined();
  });

  it('prints one readable line per entry, with the context first and identity numbers still redacted', () => {
    const { logger, output } = prettyLogger();
    logger.info({ context: 'FaceMatch' }, 'double-check queued for DNI 28456712');
    const lines = output().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: \[FaceMatch\] double-check queued for DNI \[redacted\]$/);
    expect(output()).not.toContain('28456712');
  });

  it('prints a request log as method, URL, status and time', () => {
    const { logger, output } = prettyLogger();
    const req = { id: '7a006d5a', method: 'GET', url: '/api/entities?taxId=[redacted]' };
    logger.warn({ req, res: { statusCode: 401 }, responseTime: 33 }, 'request completed');
    expect(output()).toMatch(/\] WARN: request completed GET \/api\/entities\?taxId=\[redacted\] → 401 in 33 ms\n$/);
  });
});
