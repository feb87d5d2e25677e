import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityRepository, KycSettingsRepository, LivenessCheck, LivenessCheckFilters, LivenessCheckRepository } from '@app/audit';
import { DomainError, ImageRejectedError, livenessConfig, LivenessConfig } from '@app/core';
import { FaceAnalysis, FaceEngine, sniffImageFormat } from '@app/face';
import { IMAGE_STORAGE, ImageStorage, livenessImagePath } from '@app/storage';
import { Principal } from '../auth/principal';
import { UserImageInput } from '../biometric/biometric-input';
import { LivenessFormDto } from './liveness.dto';
import { decideLiveness } from './liveness.rules';

export interface LivenessCall {
  principal: Principal;
  requestId: string;
  /** Reads the body; called inside the service so a bad body is still recorded. */
  readInput: () => Promise<UserImageInput<LivenessFormDto>>;
}

const CONTENT_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', tiff: 'image/tiff' } as const;

/**
 * Liveness (presence): is the face in this selfie a live person in front of the camera, or a
 * print, a screen or a cut-out? One passive model on one image (README, Liveness: what it catches
 * and what it does not). Every authenticated call is recorded in `liveness_checks`, its image
 * stored encrypted until the entity's biometrics are erased.
 */
@Injectable()
export class LivenessService {
  private readonly logger = new Logger(LivenessService.name);

  constructor(
    private readonly engine: FaceEngine,
    private readonly settings: KycSettingsRepository,
    private readonly entities: EntityRepository,
    private readonly checks: LivenessCheckRepository,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
    @Inject(livenessConfig.KEY) private readonly thresholds: LivenessConfig,
  ) {}

  async check(call: LivenessCall): Promise<LivenessCheck> {
    const { organizationId } = call.principal;
    const id = randomUUID();
    let entityId: string | null = null;
    try {
      const settings = await this.settings.findForOrganization(organizationId);
      if (!settings.livenessEnabled) {
        throw new DomainError(
          'NOT_ENABLED',
          'The liveness integration is disabled for this organization (see PATCH /api/organizations/current/kyc-settings, liveness.enabled)',
        );
      }
      const input = await call.readInput();
      if (input.fields.entityId !== undefined) {
        const entity = await this.entities.findForOrganization(organizationId, input.fields.entityId);
        if (!entity) throw DomainError.notFound(`Entity ${input.fields.entityId}`);
        entityId = entity.id;
      }
      const analysis = await this.analyze(input);
      const decision = decideLiveness(analysis, this.thresholds);
      const path = livenessImagePath(organizationId, id);
      const storeImage = () => this.storage.put(path, input.image);
      return await this.checks.recordCheck(
        {
          ...this.base(call, id, entityId),
          status: decision.status,
          live: decision.live,
          score: decision.score,
          modelVersion: decision.modelVersion,
          warnings: decision.warnings,
          details: decision.details,
          errorMessage: null,
          imageStoragePath: path,
        },
        storeImage,
      );
    } catch (error) {
      await this.recordFailure(call, id, entityId, error);
      throw error;
    }
  }

  async findOne(organizationId: string, id: string): Promise<LivenessCheck> {
    const row = await this.checks.findForOrganization(organizationId, id);
    if (!row) throw DomainError.notFound(`Liveness check ${id}`);
    return row;
  }

  list(organizationId: string, filters: LivenessCheckFilters, limit: number, offset: number) {
    return this.checks.list(organizationId, filters, limit, offset);
  }

  async readImage(organizationId: string, id: string): Promise<{ bytes: Buffer; contentType: string }> {
    const row = await this.findOne(organizationId, id);
    const bytes = row.imageStoragePath ? await this.storage.forProvider(row.storageProvider).get(row.imageStoragePath) : null;
    if (!bytes) throw DomainError.notFound(`The image of liveness check ${id}`);
    const format = sniffImageFormat(bytes);
    return { bytes, contentType: format ? CONTENT_TYPES[format] : 'application/octet-stream' };
  }

  private async analyze(input: UserImageInput<LivenessFormDto>): Promise<FaceAnalysis> {
    try {
      return await this.engine.analyze(input.image, { liveness: true });
    } catch (error) {
      if (error instanceof ImageRejectedError) throw error.forField(input.imageField);
      throw error;
    }
  }

  private base(call: LivenessCall, id: string, entityId: string | null) {
    return {
      id,
      organizationId: call.principal.organizationId,
      entityId,
      requestId: call.requestId,
      triggeredByUserId: call.principal.userId,
      threshold: this.thresholds.threshold,
      attackBelow: this.thresholds.attackBelow,
      storageProvider: this.storage.provider,
    };
  }

  private async recordFailure(call: LivenessCall, id: string, entityId: string | null, error: unknown): Promise<void> {
    try {
      await this.checks.recordCheck({
        ...this.base(call, id, entityId),
        status: 'failed',
        live: null,
        score: null,
        modelVersion: null,
        warnings: [],
        details: { code: error instanceof DomainError ? error.code : 'VERIFICATION_FAILED' },
        errorMessage: error instanceof DomainError ? error.message : 'The liveness check could not be completed (internal error)',
        imageStoragePath: null,
      });
    } catch (auditError) {
      this.logger.error(`request ${call.requestId}: could not record the failed liveness check: ${(auditError as Error).message}`);
    }
  }
}
