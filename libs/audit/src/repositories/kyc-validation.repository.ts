import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { KYC_VALIDATION_EVENTS } from '@app/core';
import { EntityRecord, JsonObject, KycValidation, KycValidationStatus } from '../entities';
import { canTransition, closesWithoutDecision } from '../kyc-validations/kyc-validation-transitions';
import { toKycValidationEventPayload } from '../kyc-validations/kyc-validation-event-payload';
import { isUuid } from './query-errors';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

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
}

/** A status change: only from one of `from` (filtered by the transition rules) to `to`. */
export interface KycValidationTransition {
  id: string;
  /** Set when a client asks: the validation must be one of this organization's. */
  organizationId?: string;
  from: readonly KycValidationStatus[];
  to: KycValidationStatus;
  /** The sweep's conditions, re-checked in the update so a session touched meanwhile is left alone. */
  only?: { expired: true } | { idleMinutes: number };
  resolvedByUserId?: string;
  resolutionReason?: string;
}

/** A validation written together with its webhook outbox row (null when there is nowhere to send it). */
export interface KycValidationChange {
  validation: KycValidation;
  webhookDeliveryId: string | null;
}

export interface KycValidationListFilter {
  status?: KycValidationStatus;
  limit: number;
  offset: number;
}

@Injectable()
export class KycValidationRepository {
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
        ...input,
        status: 'pending',
        isCurrent: true,
        lastActivityAt: () => 'now()',
      } as QueryDeepPartialEntity<KycValidation>);
      const validation = await manager.findOneByOrFail(KycValidation, { id: input.id });
      return { validation, webhookDeliveryId: await this.recordEvent(manager, validation, KYC_VALIDATION_EVENTS.created) };
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
          ...(change.to === 'in_progress' && { lastActivityAt: () => 'now()' }),
          // A session closed without a decision forgets the card it read, like its pending document photo.
          ...(closesWithoutDecision(change.to) && { documentReadingSealed: null }),
          ...(change.resolvedByUserId !== undefined && { resolvedByUserId: change.resolvedByUserId }),
          ...(change.resolutionReason !== undefined && { resolutionReason: change.resolutionReason }),
        })
        .where('id = :id AND status IN (:...from)', { id: change.id, from });
      if (change.organizationId !== undefined)
        update.andWhere('organization_id = :organizationId', { organizationId: change.organizationId });
      if (change.only && 'expired' in change.only) update.andWhere('expires_at <= now()');
      if (change.only && 'idleMinutes' in change.only) {
        update.andWhere('last_activity_at <= now() - make_interval(mins => :idleMinutes)', { idleMinutes: change.only.idleMinutes });
      }
      const updated = await update.execute();
      if ((updated.affected ?? 0) === 0) return null;
      const validation = await manager.findOneByOrFail(KycValidation, { id: change.id });
      return {
        validation,
        webhookDeliveryId: await this.recordEvent(
          manager,
          validation,
          KYC_VALIDATION_EVENTS[change.to as Exclude<KycValidationStatus, 'pending'>],
        ),
      };
    });
  }

  /** Null when the validation does not exist or belongs to another organization. */
  findForOrganization(organizationId: string, id: string): Promise<KycValidation | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.dataSource.getRepository(KycValidation).findOneBy({ organizationId, id });
  }

  findCurrent(organizationId: string, entityId: string): Promise<KycValidation | null> {
    if (!isUuid(entityId)) return Promise.resolve(null);
    return this.dataSource.getRepository(KycValidation).findOneBy({ organizationId, entityId, isCurrent: true });
  }

  /** A page of the entity's validations, newest first, with the total matching the filter. */
  async listForEntity(
    organizationId: string,
    entityId: string,
    filter: KycValidationListFilter,
  ): Promise<{ items: KycValidation[]; total: number }> {
    if (!isUuid(entityId)) return { items: [], total: 0 };
    const [items, total] = await this.dataSource.getRepository(KycValidation).findAndCount({
      where: { organizationId, entityId, ...(filter.status !== undefined && { status: filter.status }) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }

  /** Open sessions (pending or in progress) past their expiry, oldest first. */
  async findExpiredIds(limit: number): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(KycValidation)
      .createQueryBuilder('v')
      .select('v.id', 'id')
      .where('v.status IN (:...open)', { open: ['pending', 'in_progress'] })
      .andWhere('v.expires_at <= now()')
      .orderBy('v.expires_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Sessions in progress with no activity for `idleMinutes`, longest idle first. */
  async findIdleIds(idleMinutes: number, limit: number): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(KycValidation)
      .createQueryBuilder('v')
      .select('v.id', 'id')
      .where('v.status = :status', { status: 'in_progress' })
      .andWhere('v.last_activity_at <= now() - make_interval(mins => :idleMinutes)', { idleMinutes })
      .orderBy('v.last_activity_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** The entity's open sessions (pending or in progress): an erasure cancels them. */
  async findOpenIdsForEntity(organizationId: string, entityId: string): Promise<string[]> {
    if (!isUuid(entityId)) return [];
    const rows = await this.dataSource.getRepository(KycValidation).find({
      select: { id: true },
      where: { organizationId, entityId, status: In(['pending', 'in_progress']) },
    });
    return rows.map((row) => row.id);
  }

  /** Validations by id whatever their organization (the worker and tests). */
  findByIds(ids: string[]): Promise<KycValidation[]> {
    const valid = ids.filter(isUuid);
    return valid.length === 0 ? Promise.resolve([]) : this.dataSource.getRepository(KycValidation).findBy({ id: In(valid) });
  }

  private recordEvent(
    manager: EntityManager,
    validation: KycValidation,
    event: (typeof KYC_VALIDATION_EVENTS)[keyof typeof KYC_VALIDATION_EVENTS],
  ): Promise<string | null> {
    return this.webhooks.recordEvent(manager, {
      organizationId: validation.organizationId,
      event,
      url: validation.webhookUrl,
      payload: toKycValidationEventPayload(validation),
    });
  }
}
