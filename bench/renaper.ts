/**
 * `npm run bench:renaper [-- --requests 200 --concurrency 20 --face-delay-ms 5000 --json]`
 *
 * Starts the built RENAPER sandbox (facial answer delay 5 s), API and worker on spare ports against
 * the configured PostgreSQL and Redis (database `<db>_bench_renaper`), then sends face matches with
 * doubleCheckRenaper=true for the sandbox's HIT person. Reports how many completed with the right
 * outcome, the API's event-loop delay while it waited (GET /health/event-loop), and the worker's
 * job latency (renaper_checks created → completed) and throughput.
 */
import { randomBytes } from 'node:crypto';
import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import {
  buildAll,
  createOrganization,
  freePort,
  log,
  multipartBody,
  type MultipartBody,
  postFaceMatch,
  serviceEnv,
  startService,
  waitForHttp,
} from './lib/services';
import { benchFlags } from './lib/flags';
import { markdownTable, percentile, round } from './lib/stats';
import { degradeLikeDocument } from '../test/support/faces';

const {
  requests,
  concurrency,
  faceDelayMs,
  json: asJson,
} = benchFlags({ script: 'bench:renaper', options: { requests: 200, concurrency: 20, faceDelayMs: 5000 }, switches: ['json'] });
const HIT_PERSON = { dni: '28456712', gender: 'F', tramite: '623451287' };

interface Answer {
  status?: string;
  match?: boolean;
  responseDoubleChecks?: { renaper?: { status: string }; renaperBiometric?: { status: string } };
}

function isRightOutcome(answer: Answer): boolean {
  return (
    answer.status === 'approved' &&
    answer.match === true &&
    answer.responseDoubleChecks?.renaper?.status === 'match' &&
    answer.responseDoubleChecks?.renaperBiometric?.status === 'match'
  );
}

async function sendAll(url: string, apiKey: string, body: MultipartBody): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const client = async () => {
    while (next < requests) {
      next += 1;
      try {
        const response = await postFaceMatch(url, apiKey, body, 120_000);
        answers.push((await response.json()) as Answer);
      } catch (error) {
        answers.push({ status: `error: ${(error as Error).message}` });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return answers;
}

async function jobTimings(databaseUrl: string, since: Date): Promise<{ latencies: number[]; spanMs: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ created: Date; completed: Date }>(
      'SELECT created_at AS created, completed_at AS completed FROM renaper_checks WHERE created_at >= $1 AND completed_at IS NOT NULL',
      [since],
    );
    const latencies = rows.map((r) => r.completed.getTime() - r.created.getTime());
    const first = Math.min(...rows.map((r) => r.created.getTime()));
    const last = Math.max(...rows.map((r) => r.completed.getTime()));
    return { latencies, spanMs: last - first };
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const [apiPort, sandboxPort] = [await freePort(), await freePort()];
  // /health/event-loop is for operators: the benchmark is one.
  const adminToken = randomBytes(24).toString('hex');
  const operator = { headers: { authorization: `Bearer ${adminToken}` } };
  const env = serviceEnv(apiPort, 'bench_renaper', `kyc-bench-renaper-${process.pid}`, {
    // The limiter stays in the path (its cost is measured) but never refuses the benchmark's load.
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    // Room in the face queue for every request in flight (two images each): this measures the
    // double-check path, not the face engine shedding load (bench:flood measures that).
    FACE_QUEUE_LIMIT: String(Math.max(32, concurrency * 2)),
    RENAPER_SANDBOX_PORT: String(sandboxPort),
    RENAPER_SANDBOX_FACE_DELAY_MS: String(faceDelayMs),
    RENAPER_SANDBOX_LOG_LEVEL: 'warn',
    ADMIN_TOKEN: adminToken,
  });
  buildAll();
  const apiKey = createOrganization(env, 'bench renaper');
  const services: ChildProcess[] = [];
  try {
    const sandbox = startService('dist/apps/renaper-sandbox/apps/renaper-sandbox/src/main.js', env);
    services.push(sandbox);
    const api = startService('dist/apps/api/apps/api/src/main.js', env);
    services.push(api);
    services.push(startService('dist/apps/worker/apps/worker/src/main.js', env));
    const url = `http://127.0.0.1:${apiPort}`;
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    await waitForHttp(`${sandboxUrl}/_sandbox/people`, sandbox, 'the sandbox');
    await waitForHttp(`${url}/health/ready`, api, 'the API');

    const settings = await fetch(`${url}/api/organizations/current/kyc-settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        renaper: {
          dataEnrichmentEnabled: true,
          validateDniEnrichmentEnabled: true,
          baseUrl: sandboxUrl,
          username: 'sandbox',
          password: 'sandbox',
        },
      }),
    });
    if (!settings.ok) throw new Error(`could not configure RENAPER: HTTP ${settings.status}`);

    const selfie = Buffer.from(
      await (
        await fetch(`${sandboxUrl}/_sandbox/people/${HIT_PERSON.dni}/photo`, { headers: { 'x-sandbox-key': 'sandbox' } })
      ).arrayBuffer(),
    );
    // The document photo is made as the e2e suites make it (smaller, blurred, washed out, heavily
    // compressed): a mere resize of the selfie is refused as SELFIE_MATCHES_DOCUMENT_IMAGE (the selfie
    // would be a copy of the document), and no double-check would run.
    const document = await degradeLikeDocument(selfie);
    const body = await multipartBody({ documentImage: document, selfieImage: selfie, doubleCheckRenaper: 'true', ...HIT_PERSON });

    const started = new Date();
    await fetch(`${url}/health/event-loop`, operator); // opens the measurement window
    log(`${requests} double-check requests at concurrency ${concurrency}, facial answer delay ${faceDelayMs} ms ...`);
    const answers = await sendAll(url, apiKey, body);
    const loop = (await (await fetch(`${url}/health/event-loop`, operator)).json()) as { p99Ms: number; maxMs: number };
    const jobs = await jobTimings(env.DATABASE_URL, started);

    const result = {
      requests,
      completed: answers.filter((a) => a.status === 'approved' || a.status === 'declined').length,
      correct: answers.filter(isRightOutcome).length,
      apiEventLoopP99Ms: loop.p99Ms,
      jobP50Ms: round(percentile(jobs.latencies, 50), 0),
      jobP95Ms: round(percentile(jobs.latencies, 95), 0),
      jobsPerSecond: round(jobs.latencies.length / (jobs.spanMs / 1000), 2),
    };
    const other = answers.filter((a) => !isRightOutcome(a)).slice(0, 3);
    if (other.length > 0) log(`examples of other answers: ${JSON.stringify(other)}`);
    if (asJson) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(
        `${markdownTable(
          ['requests', 'completed', 'correct', 'API event-loop p99 ms', 'job p50 ms', 'job p95 ms', 'jobs/s'],
          [
            [
              result.requests,
              result.completed,
              result.correct,
              result.apiEventLoopP99Ms,
              result.jobP50Ms,
              result.jobP95Ms,
              result.jobsPerSecond,
            ],
          ],
        )}\n`,
      );
    }
  } finally {
    for (const service of services) service.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  log(`bench:renaper failed: ${(error as Error).message}`);
  process.exit(1);
});
