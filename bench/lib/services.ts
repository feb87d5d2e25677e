/** Starting the built services for a benchmark: spare ports, a bench database, readiness, clean stop. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * The environment of the built services in a bench: a database (`<db>_<database>`) and Redis key
 * prefix of their own, the API on `port` of 127.0.0.1, warnings only in the logs, `extra` on top.
 */
export function serviceEnv(
  port: number,
  database: string,
  redisPrefix: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv & { DATABASE_URL: string } {
  return {
    ...process.env,
    DATABASE_URL: benchDatabaseUrl(database),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: redisPrefix,
    STORAGE_DIR: join(root, 'var/bench-storage'),
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** DATABASE_URL with the database name suffixed, so a benchmark never touches the real data. */
export function benchDatabaseUrl(suffix: string): string {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kyc';
  const name = (base.split('/').pop() || 'kyc').split('?')[0];
  return `${base.replace(/\/[^/]*$/, '')}/${name}_${suffix}`;
}

export function buildAll(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Creates an organization through the CLI and returns its admin API key. */
export function createOrganization(env: NodeJS.ProcessEnv, name: string): string {
  const out = execFileSync(process.execPath, [join(root, 'scripts/cli.js'), 'org:create', '--name', name, '--json'], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { apiKey: string }).apiKey;
}

export function startService(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(root, entry)], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function waitForHttp(url: string, service: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (service.exitCode !== null) throw new Error(`${what} exited with ${service.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not answer ${url} within 60 s`);
}

export interface MultipartBody {
  body: Buffer;
  contentType: string;
}

/** POST /api/kyc/face-match with the organization's key, as its client would (`timeoutMs`: give up after). */
export function postFaceMatch(url: string, apiKey: string, body: MultipartBody, timeoutMs?: number): Promise<Response> {
  return fetch(`${url}/api/kyc/face-match`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': body.contentType },
    body: body.body,
    ...(timeoutMs !== undefined && { signal: AbortSignal.timeout(timeoutMs) }),
  });
}

export async function multipartBody(fields: Record<string, Buffer | string>): Promise<MultipartBody> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value], { type: 'image/jpeg' }), `${name}.jpg`);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}
