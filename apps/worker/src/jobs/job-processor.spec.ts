import { Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { WORKER_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import { JOB_POLICIES, JOBS, QUEUES, resetEnvironmentCache } from '@app/core';
import { RenaperProcessor } from '../renaper/renaper.processor';
import { ValidationsProcessor } from '../validations/validations.processor';
import { WebhookProcessor } from '../webhooks/webhook.processor';
import { declarationOf, HandlerDeclaration, JobHandlerCheck, jobHandlerProblems, jobLockOptions, JobProcessor } from './job-processor';

const EVERY_JOB: HandlerDeclaration[] = [
  { processor: 'RenaperProcessor', queue: QUEUES.renaper, jobs: [JOBS.renaperDoubleCheck] },
  { processor: 'WebhookProcessor', queue: QUEUES.webhooks, jobs: [JOBS.webhookDeliver] },
  { processor: 'ValidationsProcessor', queue: QUEUES.kycValidations, jobs: [JOBS.kycValidationsSweep] },
];

describe('jobHandlerProblems', () => {
  it('finds none when every job of the table has one handler on its queue', () => {
    expect(jobHandlerProblems(EVERY_JOB)).toEqual([]);
  });

  it('finds none for what the worker’s own processors declare', () => {
    const declared = [RenaperProcessor, WebhookProcessor, ValidationsProcessor].map((type) => declarationOf(type));
    expect(declared).toEqual(EVERY_JOB);
  });

  it('names a job nobody handles, with its queue', () => {
    expect(jobHandlerProblems(EVERY_JOB.slice(1))).toEqual([`job "${JOBS.renaperDoubleCheck}" (queue "renaper") has no handler`]);
  });

  it('names a job handled on a queue its policy does not use, and a job handled twice', () => {
    const misplaced = [...EVERY_JOB, { processor: 'StrayProcessor', queue: QUEUES.webhooks, jobs: [JOBS.renaperDoubleCheck] }];
    expect(jobHandlerProblems(misplaced)).toEqual([
      `job "${JOBS.renaperDoubleCheck}" is handled by RenaperProcessor and StrayProcessor`,
      `job "${JOBS.renaperDoubleCheck}" is enqueued on "renaper" but StrayProcessor consumes "webhooks"`,
    ]);
  });

  it('checks a job added to the table: without a handler it is reported', () => {
    const policies = { ...JOB_POLICIES, 'reports.build': { queue: QUEUES.webhooks, attempts: 1, backoffMs: 1000 } };
    expect(jobHandlerProblems(EVERY_JOB, policies)).toEqual(['job "reports.build" (queue "webhooks") has no handler']);
  });
});

describe('JobHandlerCheck at start-up', () => {
  async function start(providers: unknown[]) {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [JobHandlerCheck, ...(providers as never[])],
    }).compile();
    return moduleRef.init().then(() => moduleRef.close());
  }

  // Stand-ins declaring what the real processors declare, without their dependencies (Redis, the database).
  function standIn(processor: Type) {
    const declared = declarationOf(processor);
    if (!declared) throw new Error(`${processor.name} declares no jobs`);
    @JobProcessor(declared.queue, declared.jobs)
    class StandIn {}
    Object.defineProperty(StandIn, 'name', { value: processor.name });
    return StandIn;
  }

  it('lets the worker start when the processors cover every job', async () => {
    await expect(start([RenaperProcessor, WebhookProcessor, ValidationsProcessor].map(standIn))).resolves.toBeUndefined();
  });

  it('refuses to start, naming the job, when a processor is missing', async () => {
    await expect(start([RenaperProcessor, WebhookProcessor].map(standIn))).rejects.toThrow(
      `The worker cannot start: job "${JOBS.kycValidationsSweep}" (queue "kyc-validations") has no handler`,
    );
  });
});

describe('jobLockOptions', () => {
  const saved = process.env.WORKER_JOB_LOCK_SECONDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.WORKER_JOB_LOCK_SECONDS;
    else process.env.WORKER_JOB_LOCK_SECONDS = saved;
    resetEnvironmentCache();
  });

  it('gives every processor the lock options, read from the environment when the worker is created, not when the class is declared', () => {
    const declared = Reflect.getMetadata(WORKER_METADATA, RenaperProcessor) as typeof jobLockOptions;
    delete process.env.WORKER_JOB_LOCK_SECONDS;
    resetEnvironmentCache();
    expect({ ...declared }).toEqual({ lockDuration: 30_000, stalledInterval: 30_000 });
    process.env.WORKER_JOB_LOCK_SECONDS = '3';
    resetEnvironmentCache();
    expect({ ...declared }).toEqual({ lockDuration: 3_000, stalledInterval: 3_000 });
  });
});
