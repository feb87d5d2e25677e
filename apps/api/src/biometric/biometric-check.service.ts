import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BiometricCheckRepository, EntityRecord, EntityRepository, KycSettingsRepository, SessionTemplatesRepository } from '@app/audit';
import { DomainError, ImageRejectedError, livenessConfig, LivenessConfig } from '@app/core';
import { FaceAnalysis, FaceComparison, FaceEngine, FaceTemplate, StoredFaceTemplate } from '@app/face';
import { BiometricCipher } from '@app/storage';
import { Principal } from '../auth/principal';
import { openFaceTemplate } from '../validations/decision/face-template-codec';
import { ApiMetrics } from '../metrics/api-metrics';
import { OpenedTemplateCache } from './opened-template-cache';
import { BiometricInput } from './biometric-input';
import { decideLiveness } from '../liveness/liveness.rules';
import { EnrolledFace, FaceSearchOutcome, searchEnrolled, withLiveness } from './biometric-check.rules';

export interface BiometricCheckCall {
  principal: Principal;
  requestId: string;
  /** Reads the body; called inside the service so a bad body is still recorded. */
  readInput: () => Promise<BiometricInput>;
}

export interface BiometricCheckResult {
  requestId: string;
  outcome: FaceSearchOutcome;
}

/**
 * Biometric Check: one face against the templates of the entity's decided validation sessions.
 * The cost is the one analysis: the templates come in one query, are opened in memory and
 * compared in this process. Every authenticated call is recorded in `biometric_checks`.
 */
@Injectable()
export class BiometricCheckService {
  private readonly logger = new Logger(BiometricCheckService.name);

  constructor(
    private readonly engine: FaceEngine,
    private readonly settings: KycSettingsRepository,
    private readonly entities: EntityRepository,
    private readonly biometrics: SessionTemplatesRepository,
    private readonly checks: BiometricCheckRepository,
    private readonly cipher: BiometricCipher,
    private readonly opened: OpenedTemplateCache,
    @Inject(livenessConfig.KEY) private readonly liveness: LivenessConfig,
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  async check(call: BiometricCheckCall): Promise<BiometricCheckResult> {
    const { organizationId } = call.principal;
    let entityId: string | null = null;
    try {
      const settings = await this.settings.findForOrganization(organizationId);
      if (!settings.kycValidationEnabled) {
        throw new DomainError(
          'NOT_ENABLED',
          'The kycValidation integration is disabled for this organization (see PATCH /api/organizations/current/kyc-settings)',
        );
      }
      if (!settings.webhookSecret) {
        throw new DomainError(
          'NOT_CONFIGURED',
          'The kycValidation integration needs a webhook secret (kycValidation.webhookSecret) before biometric checks can run',
        );
      }
      const input = await call.readInput();
      const entity = await this.resolveEntity(organizationId, input);
      entityId = entity.id;
      // The analysis runs on a face worker thread: loading and opening the templates overlaps it.
      const checkLiveness = input.checkLiveness ?? settings.livenessBiometricCheckDefault;
      const [probe, faces] = await Promise.all([this.analyze(input, checkLiveness), this.loadEnrolled(organizationId, entity.id)]);
      const liveness = checkLiveness ? decideLiveness(probe, this.liveness) : null;
      const search = searchEnrolled(probe, faces, settings.scoreDeclineThreshold, (stored, fresh) => this.compare(stored, fresh));
      const outcome = withLiveness(search, liveness);
      await this.checks.recordCheck({
        ...this.base(call, entityId),
        status: outcome.status,
        match: outcome.match,
        totalMatches: outcome.totalMatches,
        approvedMatchesCount: outcome.approvedMatchesCount,
        templatesCompared: outcome.compared,
        matchedKycValidationIds: outcome.matchedKycValidationIds,
        warnings: outcome.warnings,
        checkLiveness,
        livenessScore: liveness?.score ?? null,
        errorMessage: null,
      });
      this.metrics?.recordDecision('biometric_check', outcome.status, outcome.warnings);
      return { requestId: call.requestId, outcome };
    } catch (error) {
      this.metrics?.recordDecision('biometric_check', 'failed', []);
      await this.recordFailure(call, entityId, error);
      throw error;
    }
  }

  /**
   * The entity's templates with their current status (one small query every time, so what another
   * replica erased or enrolled is seen at once); only templates not opened before are fetched and
   * decrypted (a second query), then kept in the process cache.
   */
  private async loadEnrolled(organizationId: string, entityId: string): Promise<EnrolledFace[]> {
    const refs = await this.biometrics.findEnrolledForEntity(organizationId, entityId);
    this.opened.retainForEntity(
      entityId,
      refs.map((ref) => ref.templateId),
    );
    const missing = refs.filter((ref) => !this.opened.get(ref.templateId)).map((ref) => ref.templateId);
    const sealed = await this.biometrics.findSealedTemplates(organizationId, missing);
    for (const [templateId, bytes] of sealed) this.opened.set(templateId, entityId, openFaceTemplate(this.cipher, bytes));
    return refs.flatMap((ref) => {
      const template = this.opened.get(ref.templateId);
      return template ? [{ kycValidationId: ref.kycValidationId, sessionId: ref.sessionId, status: ref.status, template }] : [];
    });
  }

  private async resolveEntity(organizationId: string, input: BiometricInput): Promise<EntityRecord> {
    if (input.entityId === undefined && input.externalEntityId === undefined) {
      throw DomainError.invalid('entityId or externalEntityId is required', { fields: ['entityId', 'externalEntityId'] });
    }
    const entity =
      input.entityId !== undefined
        ? await this.entities.findForOrganization(organizationId, input.entityId)
        : await this.entities.findByExternalId(organizationId, input.externalEntityId as string);
    if (!entity)
      throw DomainError.notFound(
        input.entityId !== undefined ? `Entity ${input.entityId}` : `An entity with externalId ${JSON.stringify(input.externalEntityId)}`,
      );
    if (input.entityId !== undefined && input.externalEntityId !== undefined && entity.externalId !== input.externalEntityId) {
      throw DomainError.invalid('entityId and externalEntityId name different entities', { fields: ['entityId', 'externalEntityId'] });
    }
    return entity;
  }

  private async analyze(input: BiometricInput, liveness: boolean): Promise<FaceAnalysis> {
    try {
      return await this.engine.analyze(input.image, { liveness });
    } catch (error) {
      if (error instanceof ImageRejectedError) throw error.forField(input.imageField);
      throw error;
    }
  }

  /** A template of models this engine cannot compare (CONFLICT) is skipped, not fatal. */
  private compare(stored: StoredFaceTemplate, probe: FaceTemplate): FaceComparison | null {
    try {
      return this.engine.compare(stored, probe);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') {
        this.logger.warn(`a stored template was skipped: ${error.message}`);
        return null;
      }
      throw error;
    }
  }

  private base(call: BiometricCheckCall, entityId: string | null) {
    return {
      id: randomUUID(),
      organizationId: call.principal.organizationId,
      entityId,
      requestId: call.requestId,
      triggeredByUserId: call.principal.userId,
    };
  }

  private async recordFailure(call: BiometricCheckCall, entityId: string | null, error: unknown): Promise<void> {
    try {
      await this.checks.recordCheck({
        ...this.base(call, entityId),
        status: 'failed',
        match: null,
        totalMatches: null,
        approvedMatchesCount: null,
        templatesCompared: null,
        matchedKycValidationIds: [],
        warnings: [],
        checkLiveness: false,
        livenessScore: null,
        errorMessage:
          error instanceof DomainError
            ? `${error.code}: ${error.message}`
            : 'VERIFICATION_FAILED: the check could not be completed (internal error)',
      });
    } catch (auditError) {
      this.logger.error(`request ${call.requestId}: could not record the failed biometric check: ${(auditError as Error).message}`);
    }
  }
}
