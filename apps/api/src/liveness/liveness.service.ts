import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityRepository, KycSettingsRepository, LivenessCheck, LivenessCheckFilters, LivenessCheckRepository } from '@app/audit';
import { DomainError, forImageField, livenessConfig, LivenessConfig } from '@app/core';
import { FaceEngine } from '@app/face';
import { IMAGE_STORAGE, ImageStorage, livenessImagePath } from '@app/storage';
import { AuditedAttempt, runAudited } from '../audit-trail/audited-attempt';
import { Parsed, valueOf } from '../audit-trail/parsed';
import { Principal } from '../auth/principal';
import { UserImageInput } from '../biometric/biometric-input';
import { requireIntegration } from '../organizations/integrations';
import { LivenessFormDto } from './liveness.dto';
import { decideLiveness } from './liveness.rules';

export interface LivenessCall {
  principal: Principal;
  requestId: string;
  /** The body as the controller read it; a body it could not read is still recorded. */
  input: Parsed<UserImageInput<LivenessFormDto>>;
}

/**
 * Liveness (presence): is the face in this selfie a live person in front of the camera, or a
 * print, a screen or a cut-out? One passive model on one image (docs/accuracy.md, Liveness: what it catches
 * and what it does not). Every authenticated call is recorded in `liveness_checks`, its image
 * stored encrypted until the entity's biometrics are erased.
 */
@Injectable()
export class LivenessService {
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
    return runAudited(this.audited(call, id), async (learn) => {
      const settings = await this.settings.findForOrganization(organizationId);
      requireIntegration(settings, 'liveness');
      const input = valueOf(call.input);
      const entityId = input.fields.entityId !== undefined ? await this.resolveEntity(organizationId, input.fields.entityId) : null;
      learn({ entityId });
      const analysis = await forImageField(input.imageField, this.engine.analyze(input.image, { liveness: true }));
      const decision = decideLiveness(analysis, this.thresholds);
      const path = livenessImagePath(organizationId, id);
      const storeImage = () => this.storage.put(path, input.image);
      return this.checks.recordCheck(
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
    });
  }

  private async resolveEntity(organizationId: string, entityId: string): Promise<string> {
    const entity = await this.entities.findForOrganization(organizationId, entityId);
    if (!entity) throw DomainError.notFound(`Entity ${entityId}`);
    return entity.id;
  }

  /** The failed row of a call: the entity when it was resolved, the error's code and message. */
  private audited(call: LivenessCall, id: string): AuditedAttempt<{ entityId: string | null }> {
    return {
      requestId: call.requestId,
      what: 'liveness check',
      facts: { entityId: null },
      recordFailure: ({ entityId }, failure) =>
        this.checks.recordCheck({
          ...this.base(call, id, entityId),
          status: 'failed',
          live: null,
          score: null,
          modelVersion: null,
          warnings: [],
          details: { code: failure.code },
          errorMessage: failure.message,
          imageStoragePath: null,
        }),
    };
  }

  async findOne(organizationId: string, id: string): Promise<LivenessCheck> {
    const row = await this.checks.findForOrganization(organizationId, id);
    if (!row) throw DomainError.notFound(`Liveness check ${id}`);
    return row;
  }

  list(organizationId: string, filters: LivenessCheckFilters, limit: number, offset: number) {
    return this.checks.list(organizationId, filters, limit, offset);
  }

  async readImage(organizationId: string, id: string): Promise<Buffer> {
    const row = await this.findOne(organizationId, id);
    const bytes = row.imageStoragePath ? await this.storage.forProvider(row.storageProvider).get(row.imageStoragePath) : null;
    if (!bytes) throw DomainError.notFound(`The image of liveness check ${id}`);
    return bytes;
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
}
