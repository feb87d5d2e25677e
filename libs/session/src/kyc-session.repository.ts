import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EntityRecord, JsonObject, KycValidation, KycValidationStatus, WebhookDeliveryRepository } from '@app/audit';
import { isUuid, KYC_VALIDATION_EVENTS } from '@app/core';
import { canTransition, closesWithoutDecision } from './session-transitions';
import { toKycValidationEventPayload } from './validation-contract';

export interface CreateKycValidationInput {
  id: string;
  organizationId: string;
  entityId: string;
  integrationCode: string;
  provider: string;
  sessionId: string;
  sessionTokenHash: string;
  webhookUrl: string | null;
  metadata: JsonObject | null;
  omitWarnings: string[];
  callbackUrl: string | null;
  expiresAt: Date;
  /** The session clock's now: the first activity. */
  now: Date;
}

/** A status change: only from one of `from` (filtered by the transition rules) to `to`. */
export interface KycValidationTransition {
  id: string;
  /** Set when a client asks: the validation must be one of this organization's. */
  organizationId?: string;
  from: readonly KycValidationStatus[];
  to: KycValidationStatus;
  /** The session clock's now: opening a session records it as the last activity. */
  now: Date;
  /** The sweep's conditions, re-checked in the update so a session touched meanwhile is left alone. */
  only?: { expiredAt: Date } | { idleSince: Date };
  resolvedByUserId?: string;
  resolutionReason?: string;
}

/** A validation written together with its webhook outbox row (null when there is nowhere to send it). */
export interface KycValidationChange {
  validation: KycValidation;
  webhookDeliveryId: string | null;
}

/**
 * The writes of a session's lifecycle: its creation and its status changes, each with its
 * `kyc.validation_*` outbox row in the same transaction. With SessionDecisionRepository, the only
 * code that writes `kyc_validations.status` (status-writers.spec.ts checks it).
 */
@Injectable()
export class KycSessionRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookDeliveryRepository,
  ) {}

  /**
   * Records a new current validation of the entity and its `kyc.validation_created` event in one
   * transaction; the entity's previous current validation stops being current. The entity row is
   * locked first, so two concurrent creations for one entity queue up instead of colliding on the
   * one-current index. Null when the entity is not one of the organization's.
   */
  create(input: CreateKycValidationInput): Promise<KycValidationChange | null> {
    const { now, ...row } = input;
    return this.dataSource.transaction(async (manager) => {
      const entity = await manager.findOne(EntityRecord, {
        where: { organizationId: input.organizationId, id: input.entityId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entity) return null;
      await manager.update(
        KycValidation,
        { organizationId: input.organizationId, entityId: input.entityId, isCurrent: true },
        { isCurrent: false },
      );
      await manager.insert(KycValidation, {
        ...row,
        status: 'pending',
        isCurrent: true,
        lastActivityAt: now,
      } as QueryDeepPartialEntity<KycValidation>);
      const validation = await manager.findOneByOrFail(KycValidation, { id: input.id });
      return { validation, webhookDeliveryId: await recordValidationEvent(this.webhooks, manager, validation, 'created') };
    });
  }

  /**
   * Moves a validation forward and records its event in one transaction, exactly once: the update
   * is conditional on the current status (and the sweep's conditions), so a repeated or concurrent
   * change finds nothing to update and returns null.
   */
  transition(change: KycValidationTransition): Promise<KycValidationChange | null> {
    const from = change.from.filter((status) => canTransition(status, change.to));
    if (from.length === 0 || !isUuid(change.id)) return Promise.resolve(null);
    return this.dataSource.transaction(async (manager) => {
      const update = manager
        .createQueryBuilder()
        .update(KycValidation)
        .set({
          status: change.to,
          ...(change.to === 'in_progress' && { lastActivityAt: change.now }),
          // A session closed without a decision forgets the card it read, like its pending document photo.
          ...(closesWithoutDecision(change.to) && { documentReadingSealed: null }),
          ...(change.resolvedByUserId !== undefined && { resolvedByUserId: change.resolvedByUserId }),
          ...(change.resolutionReason !== undefined && { resolutionReason: change.resolutionReason }),
        })
        .where('id = :id AND status IN (:...from)', { id: change.id, from });
      if (change.organizationId !== undefined)
        update.andWhere('organization_id = :organizationId', { organizationId: change.organizationId });
      if (change.only && 'expiredAt' in change.only) update.andWhere('expires_at <= :expiredAt', { expiredAt: change.only.expiredAt });
      if (change.only && 'idleSince' in change.only)
        update.andWhere('last_activity_at <= :idleSince', { idleSince: change.only.idleSince });
      const updated = await update.execute();
      if ((updated.affected ?? 0) === 0) return null;
      const validation = await manager.findOneByOrFail(KycValidation, { id: change.id });
      const event = change.to as Exclude<KycValidationStatus, 'pending'>;
      return { validation, webhookDeliveryId: await recordValidationEvent(this.webhooks, manager, validation, event) };
    });
  }
}

/** The `kyc.validation_<event>` outbox row of a change, in the change's transaction. */
export function recordValidationEvent(
  webhooks: WebhookDeliveryRepository,
  manager: EntityManager,
  validation: KycValidation,
  event: keyof typeof KYC_VALIDATION_EVENTS,
): Promise<string | null> {
  return webhooks.recordEvent(manager, {
    organizationId: validation.organizationId,
    event: KYC_VALIDATION_EVENTS[event],
    url: validation.webhookUrl,
    payload: toKycValidationEventPayload(validation),
  });
}
