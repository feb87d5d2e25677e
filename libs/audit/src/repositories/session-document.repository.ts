import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '@app/core';

/**
 * The DNI barcode a session read at its document step, kept sealed on the validation
 * (`document_reading_sealed`): written at the document step, read by the decision and by whoever
 * shows the decision (API, webhooks). Re-sealed by SessionKeyRotationRepository (`storage:reencrypt`),
 * erased with the entity by SessionErasureRepository. This repository never sees it in clear.
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
}
