import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { LivenessCheck, LivenessCheckStatus, StorageProviderName } from '../entities';
import { lockEntityBiometrics } from './entity-biometrics-lock';
import { isUuid } from './query-errors';

export type NewLivenessCheck = Omit<LivenessCheck, 'createdAt'>;

export interface LivenessCheckFilters {
  entityId?: string;
  status?: LivenessCheckStatus;
}

/** The audit trail of `POST /api/kyc/liveness`: one row per authenticated call. */
@Injectable()
export class LivenessCheckRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the row and reads it back (numeric(5,2) rounds the score). `whileLocked` stores the
   * image inside the row's transaction, under the entity's biometrics lock when the check has an
   * entity: an erasure sees both the file and the row, or neither.
   */
  async recordCheck(check: NewLivenessCheck, whileLocked?: () => Promise<void>): Promise<LivenessCheck> {
    await this.dataSource.transaction(async (manager) => {
      if (check.entityId && whileLocked) await lockEntityBiometrics(manager, check.entityId, 'write');
      await whileLocked?.();
      await manager.getRepository(LivenessCheck).insert(check as QueryDeepPartialEntity<LivenessCheck>);
    });
    return this.dataSource.getRepository(LivenessCheck).findOneByOrFail({ id: check.id });
  }

  /** Null when the check does not exist or belongs to another organization. */
  async findForOrganization(organizationId: string, id: string): Promise<LivenessCheck | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(LivenessCheck).findOneBy({ organizationId, id });
  }

  /** A page of the organization's checks, newest first, with the total matching the filters. */
  async list(
    organizationId: string,
    filters: LivenessCheckFilters,
    limit: number,
    offset: number,
  ): Promise<{ items: LivenessCheck[]; total: number }> {
    if (filters.entityId !== undefined && !isUuid(filters.entityId)) return { items: [], total: 0 };
    const [items, total] = await this.dataSource.getRepository(LivenessCheck).findAndCount({
      where: {
        organizationId,
        ...(filters.entityId !== undefined && { entityId: filters.entityId }),
        ...(filters.status !== undefined && { status: filters.status }),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
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
