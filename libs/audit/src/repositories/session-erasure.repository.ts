import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@app/core';
import { FaceTemplateRecord } from '../entities';
import { STORED_SESSION_IMAGES_COLUMNS, StoredSessionImages, StoredSessionImagesRow, toStoredSessionImages } from './session-images.query';

/**
 * Right to erasure for session-based validations: what the entity's sessions stored, and clearing
 * it (templates, frame hashes, the decisions' `storage` markers). The validations and their decided
 * status stay. Called inside EntityErasureRepository's transaction.
 */
@Injectable()
export class SessionErasureRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every validation of the entity with the images its decision recorded (any may also hold a pending document). */
  async findSessionImagesForEntity(
    organizationId: string,
    entityId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredSessionImages[]> {
    if (!isUuid(entityId)) return [];
    const rows = await manager.query<StoredSessionImagesRow[]>(
      `SELECT ${STORED_SESSION_IMAGES_COLUMNS} FROM kyc_validations WHERE organization_id = $1 AND entity_id = $2 ORDER BY id`,
      [organizationId, entityId],
    );
    return rows.map(toStoredSessionImages);
  }

  /**
   * Deletes the entity's templates and removes the `storage` marker from its validations' decisions
   * (recording when), in one transaction. Returns what had something to erase (0 the second time).
   */
  eraseForEntity(organizationId: string, entityId: string, outer?: EntityManager): Promise<{ templates: number; validations: number }> {
    if (!isUuid(entityId)) return Promise.resolve({ templates: 0, validations: 0 });
    const inTransaction = <T>(work: (manager: EntityManager) => Promise<T>) => (outer ? work(outer) : this.dataSource.transaction(work));
    return inTransaction(async (manager) => {
      const templates = await manager.delete(FaceTemplateRecord, { organizationId, entityId });
      // The anti-replay hashes of the entity's selfie frames go with its biometrics.
      await manager.query('DELETE FROM session_frame_hashes WHERE organization_id = $1 AND entity_id = $2', [organizationId, entityId]);
      const updated: [unknown, number] = await manager.query(
        `UPDATE kyc_validations
            SET decision = (decision - 'storage') || jsonb_build_object('biometricsErasedAt', now())
          WHERE organization_id = $1 AND entity_id = $2 AND decision ? 'storage'`,
        [organizationId, entityId],
      );
      // The DNI data the sessions read from the card goes with the card photos.
      await manager.query(
        `UPDATE kyc_validations SET document_reading_sealed = NULL
          WHERE organization_id = $1 AND entity_id = $2 AND document_reading_sealed IS NOT NULL`,
        [organizationId, entityId],
      );
      return { templates: templates.affected ?? 0, validations: updated[1] };
    });
  }
}
