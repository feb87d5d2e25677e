/**
 * `npm run bench:http [-- --duration 10 --concurrency 1,2,4,8 --json]`
 *
 * Starts the built API (dist/) on a spare port against the configured PostgreSQL and Redis (in a
 * database of its own, `<db>_bench`), creates an organization with the CLI, then drives
 * POST /api/kyc/face-match with two real 1-2 MP JPEGs of the same person at each concurrency with
 * autocannon. Prints latency percentiles, throughput, errors and the API's peak RSS.
 */
import { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { benchDatabaseUrl, buildAll, createOrganization, freePort, log, multipartBody, option, root, startService, waitForHttp } from './lib/services';
import { markdownTable, percentile, round } from './lib/stats';

const durationSeconds = Number(option('duration', '10'));
const concurrencies = option('concurrency', '1,2,4,8').split(',').map(Number);
const asJson = process.argv.includes('--json');

/** Two JPEGs of one person from an installed sample photo: a 1.5 MP selfie-like crop and a 1.2 MP document-like one. */
async function benchImages(): Promise<{ document: Buffer; selfie: Buffer }> {
  const photo = readFileSync(join(root, 'test/fixtures/photos/sample1.jpg'));
  const selfie = await sharp(photo).extract({ left: 0, top: 0, width: 1440, height: 1080 }).jpeg({ quality: 90 }).toBuffer();
  const document = await sharp(photo).extract({ left: 60, top: 100, width: 1280, height: 960 }).modulate({ saturation: 0.7 }).jpeg({ quality: 60 }).toBuffer();
  return { document, selfie };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

interface Row {
  concurrency: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  errors: number;
  rssMb: number;
}

async function run(url: string, apiKey: string, connections: number, body: { body: Buffer; contentType: string }, pid: number): Promise<Row> {
  const latencies: number[] = [];
  let peakRss = rssMb(pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 200);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/api/kyc/face-match`,
        method: 'POST',
        connections,
        duration: durationSeconds,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': body.contentType },
        body: body.body,
        timeout: 30,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  clearInterval(sampler);
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    concurrency: connections,
    requests: latencies.length,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    perSecond: round(latencies.length / durationSeconds),
    errors,
    rssMb: round(peakRss, 0),
  };
}

async function main(): Promise<void> {
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: benchDatabaseUrl('bench'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_PREFIX: 'kyc-bench', RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000', STORAGE_DIR: join(root, 'var/bench-storage') };
  buildAll();
  const apiKey = createOrganization(env, 'bench');
  const api: ChildProcess = startService('dist/apps/api/apps/api/src/main.js', env);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health/ready`, api, 'the API');
    const images = await benchImages();
    const body = await multipartBody({ documentImage: images.document, selfieImage: images.selfie });
    const warm = await fetch(`${url}/api/kyc/face-match`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': body.contentType }, body: body.body });
    const warmBody = (await warm.json()) as { status?: string; score?: number };
    log(`warm-up: HTTP ${warm.status}, status ${warmBody.status}, score ${warmBody.score}`);

    const rows: Row[] = [];
    for (const connections of concurrencies) {
      log(`concurrency ${connections} for ${durationSeconds} s ...`);
      rows.push(await run(url, apiKey, connections, body, api.pid as number));
    }
    if (asJson) {
      process.stdout.write(`${JSON.stringify({ durationSeconds, rows })}\n`);
    } else {
      process.stdout.write(
        `${markdownTable(
          ['concurrency', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'verifications/s', 'errors', 'API RSS MB (peak)'],
          rows.map((r) => [r.concurrency, r.requests, r.p50, r.p95, r.p99, r.perSecond, r.errors, r.rssMb]),
        )}\n`,
      );
    }
  } finally {
    api.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  log(`bench:http failed: ${(error as Error).message}`);
  process.exit(1);
});
