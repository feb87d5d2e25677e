import { Inject, Injectable, Logger } from '@nestjs/common';
import { FaceMatchVerificationRepository, LivenessCheckRepository, SessionBiometricsRepository } from '@app/audit';
import { IMAGE_STORAGE, ImageStorage, KycValidationImageKind, kycValidationImagePath } from '@app/storage';
import { EntitiesService } from './entities.service';
import { OpenedTemplateCache } from '../biometric/opened-template-cache';

/**
 * The keys of a verification's `details` that are biometric or a score's inputs: the faces found
 * (boxes, landmarks' quality) and the raw similarities. Model names, fallbacks and error codes stay.
 */
export const BIOMETRIC_DETAIL_KEYS = ['document', 'selfie', 'similarity', 'cosines', 'sameCapture'];

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
}

/**
 * Right to erasure: an entity's face images (face-match verifications and validation sessions) and
 * its face templates go everywhere; its audit rows and validations stay, without image paths, the
 * score's inputs or biometric data.
 */
@Injectable()
export class BiometricErasureService {
  private readonly logger = new Logger(BiometricErasureService.name);

  constructor(
    private readonly entities: EntitiesService,
    private readonly verifications: FaceMatchVerificationRepository,
    private readonly sessions: SessionBiometricsRepository,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
    private readonly openedTemplates: OpenedTemplateCache,
    private readonly livenessChecks: LivenessCheckRepository,
  ) {}

  async eraseForEntity(organizationId: string, entityId: string): Promise<BiometricErasure> {
    await this.entities.findOne(organizationId, entityId);
    const stored = await this.verifications.findImagePathsForEntity(organizationId, entityId);
    const paths = stored.flatMap((row) => [row.documentStoragePath, row.selfieStoragePath]).filter((path): path is string => path !== null);
    // Files first, rows second: if a delete fails the rows still name the files, so a retry finishes the job.
    for (const path of paths) await this.storage.delete(path);
    const verifications = await this.verifications.eraseBiometricsForEntity(organizationId, entityId, BIOMETRIC_DETAIL_KEYS);
    const sessionPaths = (await this.sessions.findSessionImagesForEntity(organizationId, entityId)).flatMap((stored) =>
      stored.kinds.filter(isSessionImageKind).map((kind) => kycValidationImagePath(organizationId, stored.kycValidationId, kind)),
    );
    for (const path of sessionPaths) await this.storage.delete(path);
    // A session left between its document and its selfie holds a pending document no decision recorded.
    for (const validationId of await this.sessions.findValidationIdsForEntity(organizationId, entityId)) {
      await this.storage.delete(kycValidationImagePath(organizationId, validationId, 'pending-document'));
    }
    const sessions = await this.sessions.eraseForEntity(organizationId, entityId);
    this.openedTemplates.forgetEntity(entityId);
    const livenessPaths = await this.livenessChecks.findImagePathsForEntity(organizationId, entityId);
    for (const path of livenessPaths) await this.storage.delete(path);
    const livenessChecks = await this.livenessChecks.eraseBiometricsForEntity(organizationId, entityId);
    const images = paths.length + sessionPaths.length + livenessPaths.length;
    this.logger.log(`entity ${entityId}: erased ${images} image(s) from ${verifications} verification(s) and ${sessions.validations} validation(s), ${sessions.templates} template(s)`);
    return { entityId, verifications, images, validations: sessions.validations, templates: sessions.templates, livenessChecks };
  }
}

function isSessionImageKind(kind: string): kind is KycValidationImageKind {
  return kind === 'document' || kind === 'selfie' || kind === 'pending-document';
}
