import { Inject, Injectable, Logger } from '@nestjs/common';
import { FaceMatchVerificationRepository } from '@app/audit';
import { IMAGE_STORAGE, ImageStorage } from '@app/storage';
import { EntitiesService } from './entities.service';

/**
 * The keys of a verification's `details` that are biometric or a score's inputs: the faces found
 * (boxes, landmarks' quality) and the raw similarities. Model names, fallbacks and error codes stay.
 */
export const BIOMETRIC_DETAIL_KEYS = ['document', 'selfie', 'similarity', 'cosines'];

export interface BiometricErasure {
  entityId: string;
  /** Verifications that had images or score inputs to erase (0 when called again). */
  verifications: number;
  /** Image files removed from storage. */
  images: number;
}

/**
 * Right to erasure: an entity's face images (and, once they are stored, templates) go everywhere;
 * its audit rows stay, without image paths or the score's inputs.
 */
@Injectable()
export class BiometricErasureService {
  private readonly logger = new Logger(BiometricErasureService.name);

  constructor(
    private readonly entities: EntitiesService,
    private readonly verifications: FaceMatchVerificationRepository,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
  ) {}

  async eraseForEntity(organizationId: string, entityId: string): Promise<BiometricErasure> {
    await this.entities.findOne(organizationId, entityId);
    const stored = await this.verifications.findImagePathsForEntity(organizationId, entityId);
    const paths = stored.flatMap((row) => [row.documentStoragePath, row.selfieStoragePath]).filter((path): path is string => path !== null);
    // Files first, rows second: if a delete fails the rows still name the files, so a retry finishes the job.
    for (const path of paths) await this.storage.delete(path);
    const verifications = await this.verifications.eraseBiometricsForEntity(organizationId, entityId, BIOMETRIC_DETAIL_KEYS);
    this.logger.log(`entity ${entityId}: erased ${paths.length} image(s) from ${verifications} verification(s)`);
    return { entityId, verifications, images: paths.length };
  }
}
