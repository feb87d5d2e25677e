/**
 * `npm run bench:flood [-- --n 50,200,500 --runs 3 --json --no-build]`
 *
 * A flood of face matches against the built API (dist/) on a spare port, with the configured
 * PostgreSQL and Redis (database `<db>_bench_flood`): for each N, a fresh API process gets N
 * concurrent POST /api/kyc/face-match, each with two ~5 MB JPEGs (made at run time from a test
 * photo, upscaled at high quality, in a temporary folder), while /health is polled. Prints how many
 * were accepted (200), refused (503) or anything else, the p99 of the accepted, the API's peak RSS,
 * the p99 of /health during the flood and whether the API crashed; with --runs, medians of the runs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { markdownTable, median, percentile, round } from './lib/stats';

const {
  n: floods,
  runs,
  json: asJson,
  noBuild,
} = benchFlags({ script: 'bench:flood', options: { n: [50, 200, 500], runs: 1 }, switches: ['json', 'noBuild'] });
/** The contract's image limit: the flood images sit just under it. */
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const HEALTH_POLL_MS = 50;
const REQUEST_TIMEOUT_MS = 180_000;

interface FloodResult {
  n: number;
  accepted: number;
  rejected: number;
  other: number;
  acceptedP99Ms: number;
  peakRssMb: number;
  healthP99Ms: number;
  crashed: boolean;
}

/** Upscales the photo to a large, high-quality JPEG just under 5 MB (lowering the quality until it fits). */
async function fiveMegabyteJpeg(photo: Buffer, width: number, left: number): Promise<Buffer> {
  const upscaled = sharp(photo)
    .extract({ left, top: 0, width: 1920 - left, height: 1280 })
    .resize({ width });
  for (let quality = 100; quality >= 70; quality -= 2) {
    const jpeg = await upscaled.clone().jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
    if (jpeg.length <= IMAGE_MAX_BYTES - 64 * 1024) return jpeg;
  }
  throw new Error('could not make a JPEG under 5 MB');
}

/** Two ~5 MB JPEGs of the same people, written to a temporary folder and read back (as a client would upload files). */
async function floodImages(): Promise<{ document: Buffer; selfie: Buffer }> {
  const dir = mkdtempSync(join(tmpdir(), 'kyc-bench-flood-'));
  try {
    const photo = readFileSync(join(root, 'test/fixtures/photos/sample1.jpg'));
    const paths = { document: join(dir, 'document.jpg'), selfie: join(dir, 'selfie.jpg') };
    writeFileSync(paths.document, await fiveMegabyteJpeg(photo, 5200, 60));
    writeFileSync(paths.selfie, await fiveMegabyteJpeg(photo, 5400, 0));
    return { document: readFileSync(paths.document), selfie: readFileSync(paths.selfie) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0; // the process is gone
  }
}

/**
 * Polls /health one request at a time from a separate process (as an operator's probe or a load
 * balancer would: this process is busy sending the flood, and its own event-loop delay must not be
 * counted as the API's) until `stop` resolves; returns the latencies.
 */
async function pollHealth(url: string, stop: Promise<unknown>): Promise<number[]> {
  const probe = spawn(process.execPath, ['-e', HEALTH_PROBE, `${url}/health`, String(HEALTH_POLL_MS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  probe.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise((resolve) => probe.once('exit', resolve));
  await stop;
  probe.stdin.end(); // the probe stops at the end of its input and prints what it measured
  await exited;
  return output.trim().length > 0 ? (JSON.parse(output) as number[]) : [];
}

/** The probe: GET the URL in a loop (30 s timeout each, a pause between), print the latencies as JSON when stdin ends. */
const HEALTH_PROBE = `
const [url, pauseMs] = process.argv.slice(1);
const latencies = [];
let stopped = false;
process.stdin.on('end', () => (stopped = true)).resume();
(async () => {
  while (!stopped) {
    const started = performance.now();
    try { await (await fetch(url, { signal: AbortSignal.timeout(30000) })).arrayBuffer(); } catch {}
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, Number(pauseMs)));
  }
  process.stdout.write(JSON.stringify(latencies));
})();
`;

async function flood(n: number, env: NodeJS.ProcessEnv, apiKey: string, body: MultipartBody): Promise<FloodResult> {
  const api: ChildProcess = startService('dist/apps/api/apps/api/src/main.js', env);
  const url = `http://127.0.0.1:${env.PORT}`;
  try {
    await waitForHttp(`${url}/health/ready`, api, 'the API');
    const pid = api.pid as number;
    let peakRss = rssMb(pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 100);
    const statuses: number[] = [];
    const acceptedLatencies: number[] = [];
    const requests = Array.from({ length: n }, async () => {
      const started = performance.now();
      try {
        const response = await postFaceMatch(url, apiKey, body, REQUEST_TIMEOUT_MS);
        await response.arrayBuffer();
        statuses.push(response.status);
        if (response.status === 200) acceptedLatencies.push(performance.now() - started);
      } catch {
        statuses.push(0);
      }
    });
    const all = Promise.all(requests);
    const health = await pollHealth(url, all);
    clearInterval(sampler);
    const crashed = api.exitCode !== null || api.signalCode !== null;
    return {
      n,
      accepted: statuses.filter((s) => s === 200).length,
      rejected: statuses.filter((s) => s === 503).length,
      other: statuses.filter((s) => s !== 200 && s !== 503).length,
      acceptedP99Ms: round(percentile(acceptedLatencies, 99), 0),
      peakRssMb: round(peakRss, 0),
      healthP99Ms: round(percentile(health, 99), 1),
      crashed,
    };
  } finally {
    if (api.exitCode === null && api.signalCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
  }
}

function medianOf(results: FloodResult[]): FloodResult {
  const pick = (key: keyof Omit<FloodResult, 'n' | 'crashed'>) => median(results.map((r) => r[key]));
  return {
    n: results[0].n,
    accepted: pick('accepted'),
    rejected: pick('rejected'),
    other: pick('other'),
    acceptedP99Ms: pick('acceptedP99Ms'),
    peakRssMb: pick('peakRssMb'),
    healthP99Ms: pick('healthP99Ms'),
    crashed: results.some((r) => r.crashed),
  };
}

async function main(): Promise<void> {
  const port = await freePort();
  const env = serviceEnv(port, 'bench_flood', `kyc-bench-flood-${process.pid}`);
  // --no-build: dist/ is already built from this tree (saves minutes on a busy machine).
  if (!noBuild) buildAll();
  const apiKey = createOrganization(env, 'bench flood');
  const images = await floodImages();
  log(`images: document ${round(images.document.length / 1e6, 2)} MB, selfie ${round(images.selfie.length / 1e6, 2)} MB`);
  const body = await multipartBody({ documentImage: images.document, selfieImage: images.selfie });

  const rows: FloodResult[] = [];
  const everyRun: FloodResult[] = [];
  for (const n of floods) {
    const results: FloodResult[] = [];
    for (let run = 1; run <= runs; run++) {
      log(`N = ${n}, run ${run}/${runs} ...`);
      const result = await flood(n, env, apiKey, body);
      log(`  ${JSON.stringify(result)}`);
      results.push(result);
    }
    everyRun.push(...results);
    rows.push(medianOf(results));
  }
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ runs, rows, everyRun })}\n`);
  } else {
    process.stdout.write(
      `${markdownTable(
        ['N', 'accepted', 'rejected (503)', 'other', 'accepted p99 ms', 'API peak RSS MB', '/health p99 ms', 'crashed'],
        rows.map((r) => [r.n, r.accepted, r.rejected, r.other, r.acceptedP99Ms, r.peakRssMb, r.healthP99Ms, r.crashed ? 'yes' : 'no']),
      )}\n`,
    );
  }
}

main().catch((error: unknown) => {
  log(`bench:flood failed: ${(error as Error).message}`);
  process.exit(1);
});
