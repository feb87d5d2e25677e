import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { S3ImageStorage } from '@app/storage';

const START_DEADLINE_MS = 30_000;
const OBJECT_SUFFIX = '._S3rver_object';

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps the objects, to check what it holds while it is down. */
  directory: string;
  pid: number;
  /** The environment variables that point the service at this server. */
  env(): Record<string, string>;
  /** A raw (unencrypted) client of the bucket: what is really stored. */
  raw(): S3ImageStorage;
  /** The key of every object s3rver holds on disk (readable while the server is down). */
  filesOnDisk(): string[];
  /** Ends the server process (by its pid) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops the server, if running, and removes its folder. */
  destroy(): Promise<void>;
}

/** Starts s3rver in a process of its own, on a port the OS picks, with an empty bucket in a temp folder. */
export async function startS3Server(bucket = 'kyc-images'): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'kyc-s3rver-'));
  const child = spawn(process.execPath, [join(__dirname, 's3rver-process.js'), directory, bucket], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForPort(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3ImageStorage[] = [];
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const server: TestS3Server = {
    endpoint,
    bucket,
    directory,
    pid: child.pid as number,
    env: () => ({
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
      S3_MAX_ATTEMPTS: '2',
      S3_REQUEST_TIMEOUT_MS: '5000',
    }),
    raw() {
      const client = new S3ImageStorage({
        endpoint,
        bucket,
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
        requestTimeoutMs: 5000,
        maxAttempts: 2,
      });
      clients.push(client);
      return client;
    },
    filesOnDisk() {
      const root = join(directory, bucket);
      // s3rver keeps an object's bytes in `<key>._S3rver_object` beside its metadata files.
      return listFiles(root)
        .map((file) => relative(root, file))
        .filter((file) => file.endsWith(OBJECT_SUFFIX))
        .map((file) => file.slice(0, -OBJECT_SUFFIX.length));
    },
    async stop() {
      if (exited) return;
      process.kill(child.pid as number, 'SIGTERM');
      await exit;
    },
    async destroy() {
      for (const client of clients) client.close();
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return server;
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`s3rver did not start within ${START_DEADLINE_MS} ms: ${errors}`));
    }, START_DEADLINE_MS);
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code} before serving: ${errors}`));
    });
  });
}

function listFiles(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => (entry.isDirectory() ? listFiles(join(folder, entry.name)) : [join(folder, entry.name)]));
}
