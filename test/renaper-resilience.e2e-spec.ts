import { expect } from '@jest/globals';
import { INestApplicationContext } from '@nestjs/common';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import {
  countOutcomeWrites,
  doubleCheckForm,
  enableRenaper,
  eventually,
  getVerification,
  postFaceMatch,
  renaperCheckRows,
  renaperQueue,
  Sandbox,
  SpawnedWorker,
  spawnWorker,
  startInProcessWorker,
  startSandbox,
} from './support/renaper';

/**
 * The double-check when the registry is slower than the API may wait, and when the worker process
 * dies in the middle of polling: the verification is answered in review, then finished by
 * whichever worker picks the check up, exactly once.
 */
describe('RENAPER double-check resilience (slow registry, killed worker)', () => {
  let api: TestApi;
  let sandbox: Sandbox;
  let org: TestOrganization;
  let outcomeWrites: (verificationId: string) => Promise<number>;

  beforeAll(async () => {
    sandbox = await startSandbox({ faceAnswerDelayMs: 300 });
    api = await startTestApi('renaper-resilience', {
      RENAPER_WAIT_SECONDS: '1',
      RENAPER_DEADLINE_SECONDS: '90',
      RENAPER_POLL_INTERVAL_MS: '200',
      RENAPER_HTTP_TIMEOUT_MS: '5000',
    });
    org = await api.createOrganization('Renaper Resilience Co');
    await enableRenaper(api, org, sandbox);
    outcomeWrites = await countOutcomeWrites(api);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
  });

  beforeEach(() => sandbox.control.reset());

  describe('with a worker in this process', () => {
    let worker: INestApplicationContext;

    beforeAll(async () => {
      worker = await startInProcessWorker();
    });

    afterAll(() => worker?.close());

    it('answers in_review with RENAPER_PENDING when the registry is slower than the wait, then the record shows the final match', async () => {
      await sandbox.control.behave({ faceAnswerDelayMs: 3000 });
      const result = await postFaceMatch(api, org, await doubleCheckForm(sandbox, await sandbox.person('valid')));

      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ match: false, status: 'in_review', doubleCheckRenaper: true });
      expect(result.body.warnings).toContain('RENAPER_PENDING');
      expect(result.body.responseDoubleChecks?.renaperBiometric?.status).toBe('pending');
      expect(result.body.score).toBeGreaterThanOrEqual(30);

      const id = result.body.verificationId;
      const final = await eventually(
        () => getVerification(api, org, id),
        (record) => record.status !== 'in_review',
        20_000,
      );
      expect(final).toMatchObject({
        status: 'approved',
        match: true,
        responseDoubleChecks: { renaper: { status: 'match' }, renaperBiometric: { status: 'match' } },
      });
      expect(final.warnings).not.toContain('RENAPER_PENDING');
      expect(final.responseDoubleChecks?.renaperBiometric?.polls).toBeGreaterThan(1);
      expect(await outcomeWrites(id)).toBe(1);
    });
  });

  describe('with real worker processes', () => {
    const spawned: SpawnedWorker[] = [];

    afterAll(async () => {
      for (const worker of spawned) await worker.kill('SIGTERM');
    });

    it('resumes a check polling in a worker killed with SIGKILL in another worker, and writes the outcome once', async () => {
      // Polls a second apart, so the job spends its time in the delayed set between polls.
      const workerEnv = { RENAPER_POLL_INTERVAL_MS: '1000' };
      const first = spawnWorker(workerEnv);
      spawned.push(first);
      await first.ready;
      await sandbox.control.behave({ faceAnswerDelayMs: 8000 });

      const result = await postFaceMatch(api, org, await doubleCheckForm(sandbox, await sandbox.person('valid')));
      expect(result.body).toMatchObject({ status: 'in_review', warnings: expect.arrayContaining(['RENAPER_PENDING']) });
      const id = result.body.verificationId;
      const job = await renaperQueue(api).getJob(id);
      expect(job).toBeDefined();

      // Polling has begun (at least two answers "pending"), and the job is waiting for its next poll.
      await eventually(
        () => sandbox.control.stats(),
        (stats) => stats.calls.faceResult >= 2,
        30_000,
      );
      await eventually(
        async () => (await renaperQueue(api).getJob(id))?.getState(),
        (state) => state === 'delayed',
        10_000,
        20,
      );
      await first.kill('SIGKILL');
      const [atKill] = await renaperCheckRows(api, id);
      expect(atKill).toMatchObject({ step: 'poll', transaction_control_number: expect.any(String) });
      const pollsAtKill = (await sandbox.control.stats()).calls.faceResult;

      // A new worker picks the delayed job up from the stored state and polls until the answer.
      const second = spawnWorker(workerEnv);
      spawned.push(second);
      await second.ready;

      const final = await eventually(
        () => getVerification(api, org, id),
        (record) => record.status !== 'in_review',
        30_000,
      );
      expect(final).toMatchObject({
        status: 'approved',
        match: true,
        responseDoubleChecks: { renaperBiometric: { status: 'match', transactionControlNumber: atKill.transaction_control_number } },
      });
      const [row] = await renaperCheckRows(api, id);
      expect(row).toMatchObject({
        step: 'done',
        completed_at: expect.any(Date),
        transaction_control_number: atKill.transaction_control_number,
      });
      expect(row.polls).toBeGreaterThan(atKill.polls);

      const stats = await sandbox.control.stats();
      expect(stats.calls.faceSubmit).toBe(1); // resumed the poll, did not submit the face again
      expect(stats.calls.faceResult).toBeGreaterThan(pollsAtKill);
      expect(await (await renaperQueue(api).getJob(id))?.getState()).toBe('completed');

      // Nothing can write the outcome again afterwards: the one job is completed and no other job
      // (waiting, delayed, active or retrying) is left that could; the outcome was written once.
      const counts = await renaperQueue(api).getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
      expect(Object.values(counts).every((count) => count === 0)).toBe(true);
      expect((await getVerification(api, org, id)).updatedAt).toBe(final.updatedAt);
      expect(await outcomeWrites(id)).toBe(1);
    }, 150_000);
  });
});
