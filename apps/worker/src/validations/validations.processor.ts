import { WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobPayloads, JOBS, QUEUES } from '@app/core';
import { SessionSweep, SweepResult } from '@app/session';
import { ValidationSweepSchedule } from './validation-sweep-schedule';
import { JobProcessor } from '../jobs/job-processor';

type ValidationsJob = Job<JobPayloads[typeof JOBS.kycValidationsSweep], SweepResult, typeof JOBS.kycValidationsSweep>;

/**
 * Consumes the `kyc-validations` queue and, on start, (re)installs the sweep's job scheduler:
 * every worker does it, and the scheduler (id = job name) stays one. The recovery sweep re-installs
 * it if Redis loses it.
 */
@JobProcessor(QUEUES.kycValidations, [JOBS.kycValidationsSweep])
export class ValidationsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('KycValidations');

  constructor(
    private readonly sweep: SessionSweep,
    private readonly schedule: ValidationSweepSchedule,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Not awaited: the worker's connection waits for Redis forever, which must not hold up start-up.
    void this.schedule.install().catch((error: Error) => this.logger.error(`could not schedule the validation sweep: ${error.message}`));
  }

  async process(job: ValidationsJob): Promise<SweepResult> {
    switch (job.name) {
      case JOBS.kycValidationsSweep:
        return this.sweep.sweep();
      default: {
        const unknown: never = job.name;
        throw new Error(`unknown job ${String(unknown)}`);
      }
    }
  }
}
