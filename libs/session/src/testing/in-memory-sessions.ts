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
 * The session writes over a Map, with the same guards as the SQL (status in `from`, the transition
 * table, the sweep's time conditions): the lifecycle's unit specs run without a database.
 */
export class InMemorySessions implements Pick<KycSessionRepository, 'create' | 'transition'> {
  readonly rows = new Map<string, KycValidation>();
  private deliveries = 0;

  async create(input: CreateKycValidationInput): Promise<KycValidationChange | null> {
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
    return this.changed(validation);
  }

  async transition(change: KycValidationTransition): Promise<KycValidationChange | null> {
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

  async put(path: string, bytes: Buffer): Promise<void> {
    this.files.set(path, bytes);
  }

  async get(path: string): Promise<Buffer | null> {
    return this.files.get(path) ?? null;
  }

  async delete(path: string): Promise<void> {
    this.files.delete(path);
  }

  forProvider(): ImageStorage {
    return this;
  }
}
