import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BiometricCheckRepository, EntityRecord, EntityRepository, KycSettingsRepository, SessionTemplatesRepository } from '@app/audit';
import { DomainError, forImageField, livenessConfig, LivenessConfig } from '@app/core';
import { FaceComparison, FaceEngine, FaceTemplate } from '@app/face';
import { BiometricCipher } from '@app/storage';
import { AuditedAttempt, runAudited } from '../audit-trail/audited-attempt';
import { Parsed, valueOf } from '../audit-trail/parsed';
import { Principal } from '../auth/principal';
import { requireSignedKycValidation } from '../organizations/integrations';
import { openFaceTemplate } from '../validations/decision/face-template-codec';
import { ApiMetrics } from '../metrics/api-metrics';
import { OpenedTemplateCache } from './opened-template-cache';
import { BiometricInput } from './biometric-input';
import { decideLiveness } from '../liveness/liveness.rules';
import { EnrolledFace, FaceSearchOutcome, searchEnrolled, withLiveness } from './biometric-check.rules';

export interface BiometricCheckCall {
  principal: Principal;
  requestId: string;
  /** The body as the controller read it; a body it could not read is still recorded. */
  input: Parsed<BiometricInput>;
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
    return runAudited(this.audited(call), async (learn) => {
      const settings = await this.settings.findForOrganization(organizationId);
      requireSignedKycValidation(settings);
      const input = valueOf(call.input);
      const entity = await this.resolveEntity(organizationId, input);
      learn({ entityId: entity.id });
      // The analysis runs on a face worker thread: loading and opening the templates overlaps it.
      const checkLiveness = input.checkLiveness ?? settings.livenessBiometricCheckDefault;
      const [probe, faces] = await Promise.all([
        forImageField(input.imageField, this.engine.analyze(input.image, { liveness: checkLiveness })),
        this.loadEnrolled(organizationId, entity.id),
      ]);
      const liveness = checkLiveness ? decideLiveness(probe, this.liveness) : null;
      const search = searchEnrolled(probe, faces, settings.scoreDeclineThreshold, (stored, fresh) => this.compare(stored, fresh));
      const outcome = withLiveness(search, liveness);
      await this.checks.recordCheck({
        ...this.base(call, entity.id),
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
    });
  }

  /** The failed row of a call: the entity when it was resolved, the error's code and message. */
  private audited(call: BiometricCheckCall): AuditedAttempt<{ entityId: string | null }> {
    return {
      requestId: call.requestId,
      what: 'biometric check',
      facts: { entityId: null },
      onFailure: () => this.metrics?.recordDecision('biometric_check', 'failed', []),
      recordFailure: ({ entityId }, failure) =>
        this.checks.recordCheck({
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
          errorMessage: `${failure.code}: ${failure.message}`,
        }),
    };
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

  /** A template of models this engine cannot compare (CONFLICT) is skipped, not fatal. */
  private compare(stored: FaceTemplate, probe: FaceTemplate): FaceComparison | null {
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
}
