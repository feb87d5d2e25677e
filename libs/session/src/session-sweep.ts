import { Inject, Injectable, Logger } from '@nestjs/common';
import { KycValidation, KycValidationRepository } from '@app/audit';
import { kycValidationsConfig, KycValidationsConfig } from '@app/core';
import { Clock } from './clock';
import { KycSessions } from './kyc-sessions.service';
import { idleCutoff } from './session-rules';

/** Sessions examined per batch, and batches per sweep (the next sweep takes the rest). */
export const SWEEP_BATCH_SIZE = 100;
const SWEEP_MAX_BATCHES = 20;

export interface SweepResult {
  expired: number;
  abandoned: number;
}

/**
 * Closes stale sessions at the clock's now: open ones past their expiry become `expired`, and ones
 * in progress idle for KYC_SESSION_IDLE_MINUTES become `abandoned`. Each change re-checks the status
 * and the condition in its update, with its event in the same transaction: two workers sweeping at
 * once change (and announce) every session once.
 */
@Injectable()
export class SessionSweep {
  private readonly logger = new Logger('KycValidations');

  constructor(
    private readonly validations: KycValidationRepository,
    private readonly sessions: KycSessions,
    private readonly clock: Clock,
    @Inject(kycValidationsConfig.KEY) private readonly config: KycValidationsConfig,
  ) {}

  async sweep(): Promise<SweepResult> {
    // Expiry first: a session both expired and idle is reported as expired.
    const expired = await this.inBatches(
      () => this.validations.findExpiredIds(this.clock.now(), SWEEP_BATCH_SIZE),
      (id) => this.sessions.move({ id, from: ['pending', 'in_progress'], to: 'expired', only: 'expired' }),
    );
    const idleMinutes = this.config.sessionIdleMinutes;
    const abandoned = await this.inBatches(
      () => this.validations.findIdleIds(idleCutoff(this.clock.now(), idleMinutes), SWEEP_BATCH_SIZE),
      (id) => this.sessions.move({ id, from: ['in_progress'], to: 'abandoned', only: { idleMinutes } }),
    );
    if (expired + abandoned > 0) this.logger.log(`validation sweep: ${expired} expired, ${abandoned} abandoned`);
    return { expired, abandoned };
  }

  private async inBatches(find: () => Promise<string[]>, close: (id: string) => Promise<KycValidation | null>): Promise<number> {
    let closed = 0;
    for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch++) {
      const ids = await find();
      // Null: another worker (or a client) moved it first.
      for (const id of ids) if (await close(id)) closed++;
      if (ids.length < SWEEP_BATCH_SIZE) break;
    }
    return closed;
  }
}
