import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '@app/core';
import { StorageProviderName } from '../entities';
import { lockEntityBiometrics } from './entity-biometrics-lock';
import { FaceMatchVerificationRepository, StoredImagePaths } from './face-match-verification.repository';
import { IdVerificationRepository, StoredDocumentPaths } from './id-verification.repository';
import { LivenessCheckRepository } from './liveness-check.repository';
import { SessionErasureRepository } from './session-erasure.repository';
import { StoredSessionImages } from './session-images.query';

/** What an entity has stored, for the caller to delete from the image storage. */
export interface StoredEntityBiometrics {
  verifications: StoredImagePaths[];
  /** Every validation of the entity with the images its decision recorded (any may hold a pending document too). */
  sessionImages: StoredSessionImages[];
  /** The stored images of the entity's liveness checks. */
  livenessImages: Array<{ path: string; storageProvider: StorageProviderName }>;
  /** The stored card photos of the entity's ID verifications. */
  documentImages: StoredDocumentPaths[];
}

export interface ErasedEntityBiometrics {
  /** Verifications that had images or score inputs to erase (0 when called again). */
  verifications: number;
  /** Validations whose images were erased (0 when called again). */
  validations: number;
  /** Face templates deleted. */
  templates: number;
  /** Liveness checks whose image was erased (0 when called again). */
  livenessChecks: number;
  /** ID verifications whose card photos and sealed card data were erased (0 when called again). */
  idVerifications: number;
}

/**
 * Right to erasure, race-free: one transaction holding the entity's biometrics lock alone, so no
 * face match or session decision for the entity is between storing its files and writing its row.
 */
@Injectable()
export class EntityErasureRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verifications: FaceMatchVerificationRepository,
    private readonly sessions: SessionErasureRepository,
    private readonly livenessChecks: LivenessCheckRepository,
    private readonly idVerifications: IdVerificationRepository,
  ) {}

  /**
   * Finds what the entity has stored, has `removeFiles` delete it, then clears the rows (image paths,
   * score inputs, templates, the decisions' storage markers). Files first: if a delete fails the
   * transaction rolls back and the rows still name the files, so a retry finishes the job.
   */
  erase(
    organizationId: string,
    entityId: string,
    detailKeys: string[],
    removeFiles: (stored: StoredEntityBiometrics) => Promise<void>,
  ): Promise<ErasedEntityBiometrics> {
    if (!isUuid(entityId))
      return Promise.resolve({ verifications: 0, validations: 0, templates: 0, livenessChecks: 0, idVerifications: 0 });
    return this.dataSource.transaction(async (manager) => {
      await lockEntityBiometrics(manager, entityId, 'erase');
      await removeFiles({
        verifications: await this.verifications.findImagePathsForEntity(organizationId, entityId, manager),
        sessionImages: await this.sessions.findSessionImagesForEntity(organizationId, entityId, manager),
        livenessImages: await this.livenessChecks.findImagePathsForEntity(organizationId, entityId, manager),
        documentImages: await this.idVerifications.findImagePathsForEntity(organizationId, entityId, manager),
      });
      const verifications = await this.verifications.eraseBiometricsForEntity(organizationId, entityId, detailKeys, manager);
      const sessions = await this.sessions.eraseForEntity(organizationId, entityId, manager);
      const livenessChecks = await this.livenessChecks.eraseBiometricsForEntity(organizationId, entityId, manager);
      const idVerifications = await this.idVerifications.eraseForEntity(organizationId, entityId, manager);
      return { verifications, ...sessions, livenessChecks, idVerifications };
    });
  }
}
