import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { isUuid } from '@app/core';
import { KycValidation, KycValidationStatus } from '../entities';

export interface KycValidationListFilter {
  status?: KycValidationStatus;
  limit: number;
  offset: number;
}

/**
 * Reads of validations. Every write of a validation's status is the session module's
 * (`@app/session`), which owns the lifecycle; the time conditions come from its clock.
 */
@Injectable()
export class KycValidationRepository {
  constructor(private readonly dataSource: DataSource) {}

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

  /** Open sessions (pending or in progress) whose expiry is at or before `now`, oldest first. */
  async findExpiredIds(now: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(KycValidation)
      .createQueryBuilder('v')
      .select('v.id', 'id')
      .where('v.status IN (:...open)', { open: ['pending', 'in_progress'] })
      .andWhere('v.expires_at <= :now', { now })
      .orderBy('v.expires_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Sessions in progress with no activity since `idleSince`, longest idle first. */
  async findIdleIds(idleSince: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(KycValidation)
      .createQueryBuilder('v')
      .select('v.id', 'id')
      .where('v.status = :status', { status: 'in_progress' })
      .andWhere('v.last_activity_at <= :idleSince', { idleSince })
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

  /** A session by the SHA-256 of its token (the hosted page's one credential); null when none has it. */
  findByTokenHash(tokenHash: string): Promise<KycValidation | null> {
    return this.dataSource.getRepository(KycValidation).findOne({ where: { sessionTokenHash: tokenHash } });
  }

  /** Validations by id whatever their organization (the worker and tests). */
  findByIds(ids: string[]): Promise<KycValidation[]> {
    const valid = ids.filter(isUuid);
    return valid.length === 0 ? Promise.resolve([]) : this.dataSource.getRepository(KycValidation).findBy({ id: In(valid) });
  }
}
