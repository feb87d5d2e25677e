import { KycValidation } from '@app/audit';
import { ImageStorage } from '@app/storage';
import type {
  CreateKycValidationInput,
  KycSessionRepository,
  KycValidationChange,
  KycValidationTransition,
} from '../kyc-session.repository';
import type { SessionDecisionInput, SessionDecisionRepository } from '../session-decision.repository';
import { canTransition } from '../session-transitions';

/**
 * The session writes (and the sweep's two reads) over a Map, with the same guards as the SQL (status
 * in `from`, the transition table, the sweep's time conditions): the lifecycle's unit specs run
 * without a database.
 */
export class InMemorySessions implements Pick<KycSessionRepository, 'create' | 'transition'> {
  readonly rows = new Map<string, KycValidation>();
  private deliveries = 0;

  create(input: CreateKycValidationInput): Promise<KycValidationChange | null> {
    const { now, ...row } = input;
    const validation = Object.assign(new KycValidation(), row, {
      status: 'pending',
      isCurrent: true,
      lastActivityAt: now,
      decision: null,
      resolutionReason: null,
      createdAt: now,
      updatedAt: now,
    });
    this.rows.set(input.id, validation);
    return Promise.resolve(this.changed(validation));
  }

  transition(change: KycValidationTransition): Promise<KycValidationChange | null> {
    return Promise.resolve(this.apply(change));
  }

  private apply(change: KycValidationTransition): KycValidationChange | null {
    const row = this.rows.get(change.id);
    if (!row || !change.from.includes(row.status) || !canTransition(row.status, change.to)) return null;
    if (change.organizationId !== undefined && row.organizationId !== change.organizationId) return null;
    if (change.only && 'expiredAt' in change.only && row.expiresAt > change.only.expiredAt) return null;
    if (change.only && 'idleSince' in change.only && (row.lastActivityAt === null || row.lastActivityAt > change.only.idleSince))
      return null;
    row.status = change.to;
    if (change.to === 'in_progress') row.lastActivityAt = change.now;
    if (change.resolutionReason !== undefined) row.resolutionReason = change.resolutionReason;
    return this.changed(row);
  }

  /** KycValidationRepository's two sweep reads over the same rows. */
  findExpiredIds(now: Date): Promise<string[]> {
    const open = (v: KycValidation) => v.status === 'pending' || v.status === 'in_progress';
    return Promise.resolve(this.ids((v) => open(v) && v.expiresAt <= now));
  }

  findIdleIds(since: Date): Promise<string[]> {
    return Promise.resolve(this.ids((v) => v.status === 'in_progress' && v.lastActivityAt !== null && v.lastActivityAt <= since));
  }

  private ids(where: (validation: KycValidation) => boolean): string[] {
    return [...this.rows.values()].filter(where).map((validation) => validation.id);
  }

  /** SessionDecisionRepository's two methods over the same rows. */
  decisions(): Pick<SessionDecisionRepository, 'recordDecision' | 'whileOpen'> {
    return {
      recordDecision: async (input: SessionDecisionInput, whileLocked: () => Promise<void>) => {
        const row = this.rows.get(input.id);
        if (!row || row.status !== 'in_progress') return null;
        await whileLocked();
        Object.assign(row, { status: input.status, decision: input.decision });
        return this.changed(row);
      },
      whileOpen: async (_organizationId: string, validationId: string, now: Date, store: () => Promise<void>) => {
        const row = this.rows.get(validationId);
        if (!row || row.status !== 'in_progress' || row.expiresAt <= now) return false;
        await store();
        return true;
      },
    };
  }

  private changed(validation: KycValidation): KycValidationChange {
    return { validation: Object.assign(new KycValidation(), validation), webhookDeliveryId: `delivery-${++this.deliveries}` };
  }
}

/** An image storage over a Map (one provider). */
export class InMemoryImageStorage implements ImageStorage {
  readonly files = new Map<string, Buffer>();
  readonly provider = 'local' as const;

  put(path: string, bytes: Buffer): Promise<void> {
    this.files.set(path, bytes);
    return Promise.resolve();
  }

  get(path: string): Promise<Buffer | null> {
    return Promise.resolve(this.files.get(path) ?? null);
  }

  delete(path: string): Promise<void> {
    this.files.delete(path);
    return Promise.resolve();
  }

  forProvider(): ImageStorage {
    return this;
  }
}
