import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './renaper';

const run = promisify(execFile);

/** The machine's PostgreSQL 15 binaries; the cluster they start is this suite's, never the shared one. */
const BIN = '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  url: string;
  port: number;
  /** Stops this cluster (`pg_ctl stop -m fast`: open connections are terminated, as in an outage). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it if running and removes its data. */
  destroy(): Promise<void>;
}

/** initdb and pg_ctl refuse to run as root: they run as the `postgres` user when the tests are root. */
function asPostgres(command: string, args: string[]): Promise<unknown> {
  const asRoot = process.getuid?.() === 0;
  return asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
}

async function idsOfPostgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A throw-away PostgreSQL cluster on a spare port, data in a temporary folder, for a suite that
 * must stop the database under the API. Stopped only through its own pg_ctl and data directory.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'kyc-own-pg-'));
  const data = join(root, 'data');
  const socketDir = join(root, 'socket');
  mkdirSync(socketDir);
  if (process.getuid?.() === 0) {
    const { uid, gid } = await idsOfPostgresUser();
    for (const path of [root, socketDir]) chownSync(path, uid, gid);
  }
  await asPostgres(`${BIN}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  let running = false;
  const pgCtl = (...args: string[]) => asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-w', '-t', '60', ...args]);
  const cluster: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgCtl('-l', join(root, 'server.log'), '-o', serverOptions, 'start');
      running = true;
    },
    async stop() {
      if (!running) return;
      await pgCtl('-m', 'fast', 'stop');
      running = false;
    },
    async destroy() {
      await cluster.stop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
