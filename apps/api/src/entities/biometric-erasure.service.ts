import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityErasureRepository, KycValidationRepository, StoredEntityBiometrics } from '@app/audit';
import { KycSessions, sessionImages } from '@app/session';
import { IMAGE_STORAGE, ImageStorage } from '@app/storage';
import { EntitiesService } from './entities.service';
import { TemplateCacheBroadcast } from '../biometric/template-cache-broadcast';

/**
 * The keys of a verification's `details` that are biometric or a score's inputs: the faces found
 * (boxes, landmarks' quality) and the raw similarities. Model names, fallbacks and error codes stay.
 */
export const BIOMETRIC_DETAIL_KEYS = ['document', 'selfie', 'similarity', 'cosines', 'sameCapture'];

/** Why the open sessions of an erased entity were cancelled (their `resolutionReason`). */
export const ERASURE_CANCEL_REASON = "The entity's biometric data was erased";

export interface BiometricErasure {
  entityId: string;
  /** Verifications that had images or score inputs to erase (0 when called again). */
  verifications: number;
  /** Image files removed from storage (face-match, validation sessions, liveness checks). */
  images: number;
  /** Validation sessions whose images were erased (0 when called again). */
  validations: number;
  /** Face templates (session biometric data) deleted. */
  templates: number;
  /** Liveness checks whose image was erased (0 when called again). */
  livenessChecks: number;
  /** ID verifications whose card images and sealed card data were erased (0 when called again). */
  idVerifications: number;
}

/**
 * Right to erasure: an entity's face images (face-match verifications and validation sessions) and
 * its face templates go everywhere; its audit rows and validations stay, without image paths, the
 * score's inputs or biometric data. Its open sessions are cancelled first (a session that would
 * collect new images for an erased entity must not stay open), then everything is erased under the
 * entity's biometrics lock, which every writer of the entity's images and templates takes too:
 * a face match storing files as the erasure starts finishes first and is erased with the rest; one
 * arriving meanwhile waits and is recorded after it.
 */
@Injectable()
export class BiometricErasureService {
  private readonly logger = new Logger(BiometricErasureService.name);

  constructor(
    private readonly entities: EntitiesService,
    private readonly erasure: EntityErasureRepository,
    private readonly validations: KycValidationRepository,
    private readonly sessions: KycSessions,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
    private readonly openedTemplates: TemplateCacheBroadcast,
  ) {}

  async eraseForEntity(organizationId: string, entityId: string): Promise<BiometricErasure> {
    await this.entities.findOne(organizationId, entityId);
    const cancelled = await this.cancelOpenSessions(organizationId, entityId);
    let images = 0;
    const erased = await this.erasure.erase(organizationId, entityId, BIOMETRIC_DETAIL_KEYS, async (stored) => {
      images = await this.removeFiles(stored);
    });
    await this.openedTemplates.forgetEverywhere(entityId);
    this.logger.log(
      `entity ${entityId}: erased ${images} image(s) from ${erased.verifications} verification(s), ${erased.validations} validation(s) and ${erased.livenessChecks} liveness check(s), ${erased.templates} template(s); ${cancelled} open session(s) cancelled`,
    );
    return {
      entityId,
      verifications: erased.verifications,
      images,
      validations: erased.validations,
      templates: erased.templates,
      livenessChecks: erased.livenessChecks,
      idVerifications: erased.idVerifications,
    };
  }

  /** Through the transition rules, each with its signed `kyc.validation_cancelled` event. */
  private async cancelOpenSessions(organizationId: string, entityId: string): Promise<number> {
    let cancelled = 0;
    for (const id of await this.validations.findOpenIdsForEntity(organizationId, entityId)) {
      const change = await this.sessions.move({
        id,
        organizationId,
        from: ['pending', 'in_progress'],
        to: 'cancelled',
        resolutionReason: ERASURE_CANCEL_REASON,
      });
      // Null: decided or closed meanwhile; its images, if any, are erased below.
      if (change) cancelled++;
    }
    return cancelled;
  }

  /** Returns how many recorded images it removed (pending documents, which no row records, are not counted). */
  private async removeFiles(stored: StoredEntityBiometrics): Promise<number> {
    // Each row's images are erased from the provider it names (a deployment may be mid-migration).
    const paths = stored.verifications.flatMap((row) =>
      [row.documentStoragePath, row.selfieStoragePath]
        .filter((path): path is string => path !== null)
        .map((path) => ({ path, storage: this.storage.forProvider(row.storageProvider) })),
    );
    // Every image a session may hold, the pending document (which no row records, so is not counted) included.
    const sessionFiles = stored.sessionImages.flatMap((session) =>
      sessionImages(session, this.storage.provider).map((image) => ({
        path: image.path,
        storage: this.storage.forProvider(image.provider),
        counted: !image.optional,
      })),
    );
    const sessionPaths = sessionFiles.filter((file) => file.counted);
    const livenessPaths = stored.livenessImages.map((image) => ({
      path: image.path,
      storage: this.storage.forProvider(image.storageProvider),
    }));
    const documentPaths = stored.documentImages.flatMap((row) =>
      [row.documentFrontStoragePath, row.documentBackStoragePath]
        .filter((path): path is string => path !== null)
        .map((path) => ({ path, storage: this.storage.forProvider(row.storageProvider) })),
    );
    for (const { path, storage } of [...paths, ...sessionFiles, ...livenessPaths, ...documentPaths]) await storage.delete(path);
    return paths.length + sessionPaths.length + livenessPaths.length + documentPaths.length;
  }
}
