#!/usr/bin/env node
'use strict';
/**
 * `npm run contract:check` (CI runs it after `npm test`): the API as it ships, checked from outside.
 *
 * 1. `nest build api` (the Swagger CLI plugin documents the DTOs only in this build, so this is the
 *    document users get; a build that crashes at start-up fails here) and, beside it, an organization
 *    and API key from the CLI (`npm run -s cli -- org:create --json`) in a database of its own.
 * 2. The built API started on a spare port; its /docs-json saved to dist/contract/openapi.json.
 * 3. `redocly lint` (redocly.yaml: the recommended rules): any error or warning fails.
 * 4. examples/typescript-client: types generated from that document (openapi-typescript), compiled
 *    (tsc, strict), and run against the API: a face match of two installed test photos and the list.
 *
 * Cleans up what it made (the API process, by pid; the database; the storage folder; the Redis keys).
 * `--no-build` reuses dist/apps/api (a second run while editing the example).
 */
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const example = path.join(root, 'examples', 'typescript-client');
const documentFile = path.join(root, 'dist', 'contract', 'openapi.json');
const PHOTOS = ['sample1.jpg', 'sample2.jpg'].map((name) => path.join(root, 'test', 'fixtures', 'photos', name));
const READY_DEADLINE_MS = 180_000;
const started = Date.now();

function step(message) {
  process.stdout.write(`contract: ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

/** Runs a command to completion; rejects with its output when it fails. `quiet` keeps the output unless it fails. */
function run(command, args, { env = {}, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!quiet) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => (quiet ? (stderr += chunk) : process.stderr.write(chunk)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve(stdout);
      if (quiet) process.stderr.write(stdout + stderr);
      reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${signal ?? code}`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `probe` resolves truthy, the deadline passes, or `failed()` names a reason to stop. */
async function eventually(probe, deadlineMs, failed) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const reason = failed();
    if (reason) throw new Error(reason);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`not ready within ${deadlineMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The built API on `port`, its output kept for the report when something fails. */
function startApi(env) {
  const child = spawn(process.execPath, [path.join(root, 'dist/apps/api/apps/api/src/main.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

function stopApi(api) {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => api.child.kill('SIGKILL'), 20_000);
    api.child.once('exit', () => (clearTimeout(timer), resolve()));
    api.child.kill('SIGTERM');
  });
}

/** Redocly's findings, one line each; the count of errors and warnings. */
async function lint() {
  const json = await run(bin('redocly'), ['lint', documentFile, '--config', path.join(root, 'redocly.yaml'), '--format=json'], {
    env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    quiet: true,
  }).catch((error) => error);
  const report = typeof json === 'string' ? JSON.parse(json.slice(json.indexOf('{'))) : null;
  if (!report) throw json;
  for (const problem of report.problems) {
    const where = problem.location?.[0]?.pointer ?? '';
    process.stdout.write(`  ${problem.severity} ${problem.ruleId}: ${problem.message} at ${where}\n`);
  }
  const { errors, warnings } = report.totals;
  if (errors + warnings > 0)
    throw new Error(`redocly lint: ${errors} errors, ${warnings} warnings in ${path.relative(root, documentFile)}`);
  step('redocly lint: 0 errors, 0 warnings');
}

async function typedClient() {
  await run(bin('openapi-typescript'), [documentFile, '-o', path.join(example, 'src', 'schema.d.ts')], { quiet: true });
  await run(bin('tsc'), ['-p', example]);
  step('examples/typescript-client generated and compiled');
}

async function main() {
  const build = !process.argv.includes('--no-build');
  // The server of DATABASE_URL (the README's default otherwise), a database of the check's own on it.
  const serverUrl = (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kyc').replace(/\/[^/]*$/, '');
  const database = `kyc_contract_check_${randomBytes(4).toString('hex')}`;
  const databaseUrl = `${serverUrl}/${database}`;
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-contract-'));
  const redisPrefix = `kyc-contract-check-${process.pid}`;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    STORAGE_DIR: storageDir,
    REDIS_PREFIX: redisPrefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: origin,
    LOG_LEVEL: 'warn',
    FACE_WORKERS: '1',
  };
  let api;
  try {
    // The CLI creates and migrates the database while the API compiles (tsc uses one core of two).
    const [, created] = await Promise.all([
      build ? run(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'api']) : null,
      run(process.execPath, [path.join(root, 'scripts', 'cli.js'), 'org:create', '--name', 'Contract check', '--json'], {
        env,
        quiet: true,
      }),
    ]);
    const { apiKey } = JSON.parse(created);
    step(`${build ? 'API built; ' : ''}organization created with the CLI in ${database}`);

    api = startApi({ ...env, DATABASE_MIGRATE_ON_START: 'false' });
    const exited = () => (api.child.exitCode !== null ? `the built API exited (${api.child.exitCode}):\n${api.output()}` : '');
    await eventually(() => fetch(`${origin}/health/ready`).then((r) => r.ok), READY_DEADLINE_MS, exited);
    const response = await fetch(`${origin}/docs-json`);
    if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
    fs.mkdirSync(path.dirname(documentFile), { recursive: true });
    fs.writeFileSync(documentFile, `${JSON.stringify(await response.json(), null, 2)}\n`);
    step(`built API ready; ${path.relative(root, documentFile)} saved`);

    await Promise.all([lint(), typedClient()]);
    await run(process.execPath, [path.join(example, 'dist', 'main.js'), ...PHOTOS], { env: { KYC_API_URL: origin, KYC_API_KEY: apiKey } });
    step('examples/typescript-client ran against the built API');
  } catch (error) {
    if (api && api.child.exitCode === null) process.stderr.write(api.output().slice(-4000));
    throw error;
  } finally {
    await stopApi(api);
    await cleanUp({ serverUrl, database, storageDir, redisPrefix });
  }
}

async function cleanUp({ serverUrl, database, storageDir, redisPrefix }) {
  fs.rmSync(storageDir, { recursive: true, force: true });
  const { Client } = require('pg');
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => client.end());
  const Redis = require('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

main().then(
  () => step('passed'),
  (error) => {
    process.stderr.write(`contract: FAILED: ${error.message}\n`);
    process.exitCode = 1;
  },
);
