import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { workerConfig, WorkerConfig } from '@app/core';
import { ValidationSweepSchedule } from '../validations/validation-sweep-schedule';
import { WebhookRecovery } from '../webhooks/webhook-recovery';
import { RenaperRecovery } from './renaper-recovery';

export interface RecoveryResult {
  /** The validation sweep's scheduler was missing and was installed again. */
  rescheduled: boolean;
  /** Due webhook deliveries looked at (each has a job afterwards). */
  webhooks: number;
  /** Unfinished RENAPER checks that had no job and got one. */
  renaper: number;
}

/**
 * Redis keeps nothing on disk: after it restarts the queues are empty, the job schedulers are gone
 * and only the database knows what is owed. So every WORKER_RECOVERY_SWEEP_SECONDS (and once at
 * start) the worker puts back what is missing: the validation sweep's scheduler, the jobs of due
 * webhook deliveries and of unfinished RENAPER checks. Everything it adds is keyed by record id,
 * so every worker may sweep at once. A local timer, not a job: a job would be lost with the rest.
 */
@Injectable()
export class RecoverySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Recovery');
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly schedule: ValidationSweepSchedule,
    private readonly webhooks: WebhookRecovery,
    private readonly renaper: RenaperRecovery,
    @Inject(workerConfig.KEY) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: while Redis is unreachable a sweep waits for it, which must not hold up start-up.
    this.plan(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One pass. Each part runs on its own, so PostgreSQL down does not keep the scheduler from returning. */
  async sweep(): Promise<RecoveryResult> {
    const [rescheduled, webhooks, renaper] = await Promise.all([
      this.attempt('the validation sweep scheduler', () => this.schedule.ensure(), false),
      this.attempt('webhook deliveries', () => this.webhooks.sweep(), 0),
      this.attempt('RENAPER checks', () => this.renaper.sweep(), 0),
    ]);
    if (rescheduled) this.logger.warn('the validation sweep scheduler was missing from Redis and was installed again');
    return { rescheduled, webhooks, renaper };
  }

  private async attempt<T>(what: string, work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.error(`recovery of ${what} failed (retried in ${this.config.recoverySweepSeconds} s): ${(error as Error).message}`);
      return fallback;
    }
  }

  /** The next pass starts once this one finished: a pass waiting on Redis never piles up behind itself. */
  private plan(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.sweep().finally(() => this.plan(this.config.recoverySweepSeconds * 1000));
    }, delayMs);
    this.timer.unref();
  }
}
