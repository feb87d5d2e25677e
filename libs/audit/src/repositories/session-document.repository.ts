import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from './query-errors';

/**
 * The DNI barcode a session read at its document step, kept sealed on the validation
 * (`document_reading_sealed`): written at the document step, read by the decision and by whoever
 * shows the decision (API, webhooks), re-sealed by `storage:reencrypt`, erased with the entity.
 * This repository never sees it in clear.
 */
@Injectable()
export class SessionDocumentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Keeps the reading of a session still in progress (a session closed meanwhile keeps nothing);
   * false when nothing was written.
   */
  async recordReading(organizationId: string, validationId: string, sealed: Buffer): Promise<boolean> {
    if (!isUuid(validationId)) return false;
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE kyc_validations SET document_reading_sealed = $3
        WHERE id = $2 AND organization_id = $1 AND status = 'in_progress'`,
      [organizationId, validationId, sealed],
    );
    return affected > 0;
  }

  /** The sealed reading of one of the organization's validations; null when there is none. */
  async findSealed(organizationId: string, validationId: string): Promise<Buffer | null> {
    if (!isUuid(validationId)) return null;
    const rows = await this.dataSource.query<Array<{ sealed: Buffer | null }>>(
      'SELECT document_reading_sealed AS sealed FROM kyc_validations WHERE id = $2 AND organization_id = $1',
      [organizationId, validationId],
    );
    return rows[0]?.sealed ?? null;
  }

  /** Right to erasure: forgets the readings of the entity's validations. Returns how many had one (0 the second time). */
  async eraseForEntity(organizationId: string, entityId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (!isUuid(entityId)) return 0;
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE kyc_validations SET document_reading_sealed = NULL
        WHERE organization_id = $1 AND entity_id = $2 AND document_reading_sealed IS NOT NULL`,
      [organizationId, entityId],
    );
    return affected;
  }

  /** A page of sealed readings in id order after `afterId` (re-encryption). */
  findSealedAfter(afterId: string | null, limit: number): Promise<Array<{ id: string; sealed: Buffer }>> {
    return this.dataSource.query<Array<{ id: string; sealed: Buffer }>>(
      `SELECT id, document_reading_sealed AS sealed FROM kyc_validations
        WHERE document_reading_sealed IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** Replaces a sealed reading with its re-sealed form, only if it is still the bytes that were read. */
  async replaceSealed(id: string, previous: Buffer, next: Buffer): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      'UPDATE kyc_validations SET document_reading_sealed = $3 WHERE id = $1 AND document_reading_sealed = $2',
      [id, previous, next],
    );
    return affected > 0;
  }
}
