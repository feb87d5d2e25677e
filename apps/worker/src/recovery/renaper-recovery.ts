import { Injectable, Logger } from '@nestjs/common';
import { RenaperCheckRepository } from '@app/audit';
import { JOBS } from '@app/core';
import { JobQueue } from '@app/queue';

/** Checks looked at per sweep; the next sweep takes the rest. */
const SWEEP_LIMIT = 1000;

/**
 * Makes sure every unfinished RENAPER double-check has a job. The check's progress lives in the
 * database, so a check whose job vanished (Redis restarted without persistence) or failed for good
 * on an infrastructure error resumes from its stored step; one past its deadline is closed by that
 * step as the runner's rules say.
 */
@Injectable()
export class RenaperRecovery {
  private readonly logger = new Logger('RenaperDoubleCheck');

  constructor(
    private readonly checks: RenaperCheckRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** Returns how many checks had no job and were enqueued again. */
  async sweep(): Promise<number> {
    let requeued = 0;
    for (const verificationId of await this.checks.findUnfinishedIds(SWEEP_LIMIT)) {
      if (await this.jobs.requeue(JOBS.renaperDoubleCheck, { verificationId }, verificationId)) requeued++;
    }
    if (requeued > 0) this.logger.log(`RENAPER recovery: ${requeued} unfinished checks had no job and were enqueued`);
    return requeued;
  }
}
