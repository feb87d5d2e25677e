import { WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { JobPayloads, JOBS, QUEUES, renaperConfig, RenaperConfig } from '@app/core';
import { DoubleCheckRunner } from './double-check.runner';
import { JobProcessor } from '../jobs/job-processor';

type RenaperJob = Job<JobPayloads[typeof JOBS.renaperDoubleCheck], void, typeof JOBS.renaperDoubleCheck>;

/**
 * Consumes the `renaper` queue. Each run does one step; waiting for the registry is a delayed job
 * (the job moves itself to the delayed set and ends the run), never a sleep, so one worker serves
 * many checks and a killed worker loses nothing: the next one resumes from the database.
 */
@JobProcessor(QUEUES.renaper, [JOBS.renaperDoubleCheck])
export class RenaperProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly runner: DoubleCheckRunner,
    @Inject(renaperConfig.KEY) private readonly config: RenaperConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Checks mostly wait on the registry, so one process runs many at once.
    this.worker.concurrency = this.config.workerConcurrency;
  }

  async process(job: RenaperJob, token?: string): Promise<void> {
    switch (job.name) {
      case JOBS.renaperDoubleCheck: {
        const next = await this.runner.step(job.data.verificationId);
        if (next.kind === 'done') return;
        await job.moveToDelayed(Date.now() + next.delayMs, token);
        throw new DelayedError();
      }
      default: {
        const unknown: never = job.name;
        throw new Error(`unknown job ${String(unknown)}`);
      }
    }
  }
}
