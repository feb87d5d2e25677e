import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Jsonified } from './http';

const REPO_ROOT = join(__dirname, '..', '..');

export interface SpawnedApi {
  pid: number;
  url: string;
  output(): string;
  /** Sends `signal` to this process only (by its pid) and waits for it to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * A real API process (`node -r @swc-node/register apps/api/src/main.ts`) listening on 127.0.0.1:`port`
 * with exactly `env` (plus PATH); resolves once GET /health answers 200.
 */
export async function spawnApi(port: number, env: Record<string, string>, readyWithinMs = 90_000): Promise<SpawnedApi> {
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const api: SpawnedApi = {
    pid: child.pid as number,
    url,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid as number, signal);
      await exited;
    },
  };
  const until = Date.now() + readyWithinMs;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`API ${child.pid} exited before it was ready:\n${output.slice(-3000)}`);
    const status = await fetch(`${url}/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return api;
    if (Date.now() > until) {
      await api.kill('SIGKILL');
      throw new Error(`API ${child.pid} was not ready within ${readyWithinMs} ms:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250)); // polling interval of a deadline-bound wait
  }
}

export interface HttpReply<T = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON (read as the response DTO `T` the caller expects), or the text when it is not JSON. */
  body: Jsonified<T>;
}

/** One HTTP call to a spawned process; JSON bodies are sent and read as JSON. */
export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; json?: unknown; body?: Buffer } = {},
): Promise<HttpReply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body) {
    body = new Uint8Array(options.body);
  }
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (the metrics page, the hosted page)
  }
  return { status: response.status, headers: response.headers, body: parsed as Jsonified<T> };
}
