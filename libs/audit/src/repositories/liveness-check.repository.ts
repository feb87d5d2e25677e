import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@app/core';
import { LivenessCheck, LivenessCheckStatus, StorageProviderName } from '../entities';
import { AuditRowFilters, findAuditRow, insertAuditRow, listAuditRows } from './audit-rows';

export type NewLivenessCheck = Omit<LivenessCheck, 'createdAt'>;

export type LivenessCheckFilters = AuditRowFilters<LivenessCheckStatus>;

/** The audit trail of `POST /api/kyc/liveness`: one row per authenticated call. */
@Injectable()
export class LivenessCheckRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The row of one call; `whileLocked` stores its image (see insertAuditRow). */
  recordCheck(check: NewLivenessCheck, whileLocked?: () => Promise<void>): Promise<LivenessCheck> {
    return insertAuditRow(this.dataSource, LivenessCheck, check, whileLocked);
  }

  /** Null when the check does not exist or belongs to another organization. */
  findForOrganization(organizationId: string, id: string): Promise<LivenessCheck | null> {
    return findAuditRow(this.dataSource, LivenessCheck, organizationId, id);
  }

  /** A page of the organization's checks, newest first, with the total matching the filters. */
  list(
    organizationId: string,
    filters: LivenessCheckFilters,
    limit: number,
    offset: number,
  ): Promise<{ items: LivenessCheck[]; total: number }> {
    return listAuditRows(this.dataSource, LivenessCheck, organizationId, filters, limit, offset);
  }

  /** The stored image paths of an entity's checks. */
  async findImagePathsForEntity(
    organizationId: string,
    entityId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Array<{ path: string; storageProvider: StorageProviderName }>> {
    if (!isUuid(entityId)) return [];
    const rows = await manager
      .getRepository(LivenessCheck)
      .createQueryBuilder('c')
      .select(['c.id', 'c.storageProvider', 'c.imageStoragePath'])
      .where('c.organization_id = :organizationId AND c.entity_id = :entityId AND c.image_storage_path IS NOT NULL', {
        organizationId,
        entityId,
      })
      .orderBy('c.id')
      .getMany();
    return rows.flatMap((row) => (row.imageStoragePath ? [{ path: row.imageStoragePath, storageProvider: row.storageProvider }] : []));
  }

  /**
   * Right to erasure: forgets the image paths of an entity's checks and drops the analysis facts
   * (the face box), recording when. The rows stay. Returns how many rows had something to erase.
   */
  async eraseBiometricsForEntity(
    organizationId: string,
    entityId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    if (!isUuid(entityId)) return 0;
    const result = await manager
      .getRepository(LivenessCheck)
      .createQueryBuilder()
      .update(LivenessCheck)
      .set({ imageStoragePath: null, details: () => "jsonb_build_object('biometricsErasedAt', now())" })
      .where('organization_id = :organizationId AND entity_id = :entityId', { organizationId, entityId })
      .andWhere("(image_storage_path IS NOT NULL OR NOT (COALESCE(details, '{}'::jsonb) ? 'biometricsErasedAt'))")
      .execute();
    return result.affected ?? 0;
  }

  /** A page of every stored image path, in id order after `afterId` (keyset paging for storage:reencrypt). */
  async findImagePathsAfter(
    afterId: string | null,
    limit: number,
  ): Promise<Array<{ id: string; imageStoragePath: string; storageProvider: StorageProviderName }>> {
    const query = this.dataSource
      .getRepository(LivenessCheck)
      .createQueryBuilder('c')
      .select(['c.id', 'c.storageProvider', 'c.imageStoragePath'])
      .where('c.image_storage_path IS NOT NULL');
    if (afterId !== null) query.andWhere('c.id > :afterId', { afterId });
    const rows = await query.orderBy('c.id').limit(limit).getMany();
    return rows.map((row) => ({ id: row.id, imageStoragePath: row.imageStoragePath as string, storageProvider: row.storageProvider }));
  }
}
