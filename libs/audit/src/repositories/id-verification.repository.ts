import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@app/core';
import { IdVerification, IdVerificationStatus, JsonObject, StorageProviderName } from '../entities';
import { AuditRowFilters, findAuditRow, insertAuditRow, listAuditRows } from './audit-rows';

export interface RecordIdVerificationInput {
  id: string;
  organizationId: string;
  entityId: string | null;
  status: IdVerificationStatus;
  requestId: string;
  vendorData: string | null;
  minimumAge: number | null;
  errorMessage?: string | null;
  triggeredByUserId: string;
  documentFrontStoragePath?: string | null;
  documentBackStoragePath?: string | null;
  storageProvider: StorageProviderName;
  warnings: string[];
  extractedDataSealed?: Buffer | null;
  details?: JsonObject | null;
}

export type IdVerificationFilters = AuditRowFilters<IdVerificationStatus>;

/** Where one ID verification's images are stored (either may be null). */
export interface StoredDocumentPaths {
  id: string;
  /** Where the images were written: they are read and erased there. */
  storageProvider: StorageProviderName;
  documentFrontStoragePath: string | null;
  documentBackStoragePath: string | null;
}

@Injectable()
export class IdVerificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the audit row of one call, successful or not. `whileLocked` stores the card photos
   * inside the row's transaction, under the entity's biometrics lock when the call names an entity:
   * an erasure sees both the files and the row, or neither.
   */
  async recordAttempt(input: RecordIdVerificationInput, whileLocked?: () => Promise<void>): Promise<IdVerification> {
    const repository = this.dataSource.getRepository(IdVerification);
    const row = repository.create({
      ...input,
      errorMessage: input.errorMessage ?? null,
      documentFrontStoragePath: input.documentFrontStoragePath ?? null,
      documentBackStoragePath: input.documentBackStoragePath ?? null,
      extractedDataSealed: input.extractedDataSealed ?? null,
      details: input.details ?? null,
    });
    return insertAuditRow(this.dataSource, IdVerification, row, whileLocked);
  }

  /** Null when the verification does not exist or belongs to another organization. */
  findForOrganization(organizationId: string, id: string): Promise<IdVerification | null> {
    return findAuditRow(this.dataSource, IdVerification, organizationId, id);
  }

  /** A page of the organization's ID verifications, newest first, with the total matching the filters. */
  list(
    organizationId: string,
    filters: IdVerificationFilters,
    limit: number,
    offset: number,
  ): Promise<{ items: IdVerification[]; total: number }> {
    return listAuditRows(this.dataSource, IdVerification, organizationId, filters, limit, offset);
  }

  /** The stored images of an entity's ID verifications (rows without any image are left out). */
  async findImagePathsForEntity(
    organizationId: string,
    entityId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredDocumentPaths[]> {
    if (!isUuid(entityId)) return [];
    return this.pathsQuery(manager)
      .andWhere('v.organization_id = :organizationId AND v.entity_id = :entityId', { organizationId, entityId })
      .orderBy('v.id')
      .getMany();
  }

  /**
   * Right to erasure: forgets the image paths and the sealed card data of an entity's ID
   * verifications, recording when. The rows (status, warnings) stay. Returns how many rows had
   * something to erase (0 the second time).
   */
  async eraseForEntity(organizationId: string, entityId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (!isUuid(entityId)) return 0;
    const result = await manager
      .getRepository(IdVerification)
      .createQueryBuilder()
      .update(IdVerification)
      .set({
        documentFrontStoragePath: null,
        documentBackStoragePath: null,
        extractedDataSealed: null,
        details: () => "COALESCE(details, '{}'::jsonb) || jsonb_build_object('erasedAt', now())",
      })
      .where('organization_id = :organizationId AND entity_id = :entityId', { organizationId, entityId })
      .andWhere('(document_front_storage_path IS NOT NULL OR document_back_storage_path IS NOT NULL OR extracted_data_sealed IS NOT NULL)')
      .execute();
    return result.affected ?? 0;
  }

  /** A page of every stored image path, in id order after `afterId` (keyset paging for batch jobs). */
  async findImagePathsAfter(afterId: string | null, limit: number): Promise<StoredDocumentPaths[]> {
    const query = this.pathsQuery();
    if (afterId !== null) query.andWhere('v.id > :afterId', { afterId });
    return query.orderBy('v.id').limit(limit).getMany();
  }

  /** A page of every sealed card data, in id order after `afterId` (re-encryption). */
  async findSealedDataAfter(afterId: string | null, limit: number): Promise<{ id: string; extractedDataSealed: Buffer }[]> {
    const query = this.dataSource
      .getRepository(IdVerification)
      .createQueryBuilder('v')
      .select(['v.id', 'v.extractedDataSealed'])
      .where('v.extracted_data_sealed IS NOT NULL');
    if (afterId !== null) query.andWhere('v.id > :afterId', { afterId });
    const rows = await query.orderBy('v.id').limit(limit).getMany();
    return rows.map((row) => ({ id: row.id, extractedDataSealed: row.extractedDataSealed as Buffer }));
  }

  /** Replaces sealed card data with its re-sealed form, only if it is still the bytes that were read. */
  async replaceSealedData(id: string, previous: Buffer, next: Buffer): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(IdVerification)
      .createQueryBuilder()
      .update(IdVerification)
      .set({ extractedDataSealed: next })
      .where('id = :id AND extracted_data_sealed = :previous', { id, previous })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  private pathsQuery(manager: EntityManager = this.dataSource.manager) {
    return manager
      .getRepository(IdVerification)
      .createQueryBuilder('v')
      .select(['v.id', 'v.storageProvider', 'v.documentFrontStoragePath', 'v.documentBackStoragePath'])
      .where('(v.document_front_storage_path IS NOT NULL OR v.document_back_storage_path IS NOT NULL)');
  }
}
