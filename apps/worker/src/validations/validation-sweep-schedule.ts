import { Inject, Injectable } from '@nestjs/common';
import { JOBS, kycValidationsConfig, KycValidationsConfig } from '@app/core';
import { JobQueue } from '@app/queue';

/**
 * The job scheduler that runs the validation sweep every KYC_SESSION_SWEEP_SECONDS. It lives in
 * Redis, so it is installed at start (replacing an older interval) and re-installed by the
 * recovery sweep when Redis lost it; the scheduler's id is the job name, so it stays one.
 */
@Injectable()
export class ValidationSweepSchedule {
  constructor(
    private readonly jobs: JobQueue,
    @Inject(kycValidationsConfig.KEY) private readonly config: KycValidationsConfig,
  ) {}

  install(): Promise<void> {
    return this.jobs.schedule(JOBS.kycValidationsSweep, {}, this.everyMs());
  }

  /** Installs it only when missing (a new scheduler runs its first sweep at once); returns whether it had to. */
  ensure(): Promise<boolean> {
    return this.jobs.ensureScheduled(JOBS.kycValidationsSweep, {}, this.everyMs());
  }

  private everyMs(): number {
    return this.config.sweepIntervalSeconds * 1000;
  }
}
