/**
 * `npm run bench:http [-- --duration 10 --concurrency 1,2,4,8 --json]`
 *
 * Starts the built API (dist/) on a spare port against the configured PostgreSQL and Redis (in a
 * database of its own, `<db>_bench`), creates an organization with the CLI, then drives
 * POST /api/kyc/face-match at each concurrency with autocannon, with two pairs of JPEGs of the same
 * person: today's 1-2 MP pair and a phone-sized pair (a 12 MP selfie and a 2 MP document), both made
 * at run time with sharp from an installed test photo. Prints latency percentiles, throughput,
 * errors and the API's peak RSS per pair and concurrency. `--pairs small,phone` picks the pairs.
 */
import { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import sharp from 'sharp';
import {
  buildAll,
  createOrganization,
  freePort,
  log,
  multipartBody,
  type MultipartBody,
  postFaceMatch,
  root,
  serviceEnv,
  startService,
  waitForHttp,
} from './lib/services';
import { benchFlags } from './lib/flags';
import { markdownTable, percentile, round } from './lib/stats';

const {
  duration: durationSeconds,
  concurrency: concurrencies,
  pairs: pairNames,
  json: asJson,
} = benchFlags({
  script: 'bench:http',
  options: { duration: 10, concurrency: [1, 2, 4, 8], pairs: ['small', 'phone'] },
  switches: ['json'],
});

interface ImagePair {
  name: string;
  document: Buffer;
  selfie: Buffer;
}

/**
 * JPEGs of one person from an installed sample photo. `small`: a 1.5 MP selfie-like crop and a
 * 1.2 MP document-like one. `phone`: what a phone sends, a 12 MP (4000x3000) selfie at quality 85
 * and a 2 MP (1632x1224) document photo at quality 80, scaled up from the same crops.
 */
async function benchImages(): Promise<ImagePair[]> {
  const photo = readFileSync(join(root, 'test/fixtures/photos/sample1.jpg'));
  const selfieCrop = sharp(photo).extract({ left: 0, top: 0, width: 1440, height: 1080 });
  const documentCrop = sharp(photo).extract({ left: 60, top: 100, width: 1280, height: 960 }).modulate({ saturation: 0.7 });
  const pairs: ImagePair[] = [
    {
      name: 'small',
      selfie: await selfieCrop.clone().jpeg({ quality: 90 }).toBuffer(),
      document: await documentCrop.clone().jpeg({ quality: 60 }).toBuffer(),
    },
    {
      name: 'phone',
      selfie: await selfieCrop.clone().resize(4000, 3000).jpeg({ quality: 85 }).toBuffer(),
      document: await documentCrop.clone().resize(1632, 1224).jpeg({ quality: 80 }).toBuffer(),
    },
  ];
  return pairs.filter((pair) => pairNames.includes(pair.name));
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

interface Row {
  pair: string;
  concurrency: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  errors: number;
  rssMb: number;
}

async function run(url: string, apiKey: string, pair: string, connections: number, body: MultipartBody, pid: number): Promise<Row> {
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
      (error: Error | null, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  clearInterval(sampler);
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    pair,
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
  const env = serviceEnv(port, 'bench', 'kyc-bench', { RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000' });
  buildAll();
  const apiKey = createOrganization(env, 'bench');
  const api: ChildProcess = startService('dist/apps/api/apps/api/src/main.js', env);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health/ready`, api, 'the API');
    const rows: Row[] = [];
    for (const pair of await benchImages()) {
      const body = await multipartBody({ documentImage: pair.document, selfieImage: pair.selfie });
      const warm = await postFaceMatch(url, apiKey, body);
      const warmBody = (await warm.json()) as { status?: string; score?: number };
      const sizes = `selfie ${round(pair.selfie.length / 1e6, 2)} MB, document ${round(pair.document.length / 1e6, 2)} MB`;
      log(`${pair.name} pair (${sizes}) warm-up: HTTP ${warm.status}, status ${warmBody.status}, score ${warmBody.score}`);
      for (const connections of concurrencies) {
        log(`${pair.name} pair, concurrency ${connections} for ${durationSeconds} s ...`);
        rows.push(await run(url, apiKey, pair.name, connections, body, api.pid as number));
      }
    }
    if (asJson) {
      process.stdout.write(`${JSON.stringify({ durationSeconds, rows })}\n`);
    } else {
      process.stdout.write(
        `${markdownTable(
          ['pair', 'concurrency', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'verifications/s', 'errors', 'API RSS MB (peak)'],
          rows.map((r) => [r.pair, r.concurrency, r.requests, r.p50, r.p95, r.p99, r.perSecond, r.errors, r.rssMb]),
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
