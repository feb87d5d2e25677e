import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_KYC_INTEGRATION_CODE,
  EntityRepository,
  KycSettingsRepository,
  KycValidation,
  KycValidationRepository,
  KycValidationStatus,
} from '@app/audit';
import { DomainError, kycValidationsConfig, KycValidationsConfig, outboundConfig, OutboundConfig } from '@app/core';
import { canTransition, KycSessions, sourcesOf } from '@app/session';
import { Principal } from '../auth/principal';
import { assertOutboundUrl, hostOf } from '../http/outbound-url';
import { requireSignedKycValidation } from '../organizations/integrations';
import { CreateValidationDto, ResolveValidationDto } from './validation.dto';

/** The provider of sessions captured by this service's own hosted page. */
export const SELF_HOSTED_PROVIDER = 'self_hosted';
export const METADATA_MAX_BYTES = 10 * 1024;

export interface CreatedValidation {
  validation: KycValidation;
  /** Holds the session token in clear: returned once, to the creator. */
  providerSessionUrl: string;
}

/**
 * Session-based KYC validations as the organization's callers see them: who may open one, what a
 * session link looks like, and the changes a caller may ask for (cancel, resolve). The session
 * itself (its expiry, its transitions, their events) is KycSessions'.
 */
@Injectable()
export class ValidationsService {
  constructor(
    private readonly validations: KycValidationRepository,
    private readonly settings: KycSettingsRepository,
    private readonly entities: EntityRepository,
    @Inject(kycValidationsConfig.KEY) private readonly config: KycValidationsConfig,
    private readonly sessions: KycSessions,
    @Inject(outboundConfig.KEY) private readonly outbound: OutboundConfig,
  ) {}

  async create(principal: Principal, input: CreateValidationDto): Promise<CreatedValidation> {
    const { organizationId } = principal;
    const settings = await this.settings.findForOrganization(organizationId);
    requireSignedKycValidation(settings);
    if (input.webhookUrl !== undefined) this.assertWebhookUrlAllowed(principal, input.webhookUrl, settings.webhookAllowedHosts);
    if (input.metadata !== undefined && Buffer.byteLength(JSON.stringify(input.metadata), 'utf8') > METADATA_MAX_BYTES) {
      throw DomainError.invalid(`metadata must be at most ${METADATA_MAX_BYTES} bytes of JSON`, { field: 'metadata' });
    }
    const token = randomBytes(32).toString('base64url');
    const created = await this.sessions.create({
      id: randomUUID(),
      organizationId,
      entityId: input.entityId,
      integrationCode: input.integrationCode ?? DEFAULT_KYC_INTEGRATION_CODE,
      provider: SELF_HOSTED_PROVIDER,
      sessionId: randomUUID(),
      sessionTokenHash: hashSessionToken(token),
      webhookUrl: input.webhookUrl ?? null,
      metadata: input.metadata ?? null,
      omitWarnings: input.omitWarnings ?? [],
      callbackUrl: input.callback ?? null,
      ttlHours: settings.sessionTtlHours,
    });
    if (!created) throw DomainError.notFound(`Entity ${input.entityId}`);
    return { validation: created, providerSessionUrl: `${this.config.publicBaseUrl}/kyc/session/${token}` };
  }

  /**
   * Events to a validation's own webhookUrl are signed with the organization's secret: a member key
   * may only aim them at a host the admins listed (kycValidation.webhookAllowedHosts); admins at any.
   */
  private assertWebhookUrlAllowed(principal: Principal, url: string, allowedHosts: string[]): void {
    assertOutboundUrl('webhookUrl', url, this.outbound);
    if (principal.role === 'admin' || allowedHosts.includes(hostOf(url))) return;
    throw new DomainError(
      'FORBIDDEN',
      "webhookUrl: a member key may only send events to a host listed in kycValidation.webhookAllowedHosts (an admin sets it); leave webhookUrl out to use the organization's webhook",
      { field: 'webhookUrl' },
    );
  }

  async findOne(organizationId: string, id: string): Promise<KycValidation> {
    const validation = await this.validations.findForOrganization(organizationId, id);
    if (!validation) throw DomainError.notFound(`Validation ${id}`);
    return validation;
  }

  async listForEntity(organizationId: string, entityId: string, filter: { page: number; limit: number; status?: KycValidationStatus }) {
    await this.requireEntity(organizationId, entityId);
    return this.validations.listForEntity(organizationId, entityId, {
      status: filter.status,
      limit: filter.limit,
      offset: (filter.page - 1) * filter.limit,
    });
  }

  async findCurrent(organizationId: string, entityId: string): Promise<KycValidation> {
    await this.requireEntity(organizationId, entityId);
    const current = await this.validations.findCurrent(organizationId, entityId);
    if (!current) throw DomainError.notFound(`A current validation of entity ${entityId}`);
    return current;
  }

  /** A document photo waiting for its selfie goes with the session (KycSessions closes it). */
  cancel(principal: Principal, id: string): Promise<KycValidation> {
    return this.move(principal.organizationId, id, 'cancelled', sourcesOf('cancelled'), { resolvedByUserId: principal.userId });
  }

  /** An admin's decision on a validation in review; nothing else may be resolved by hand. */
  resolve(principal: Principal, id: string, input: ResolveValidationDto): Promise<KycValidation> {
    return this.move(principal.organizationId, id, input.status, ['in_review'], {
      resolvedByUserId: principal.userId,
      resolutionReason: input.reason,
    });
  }

  private async move(
    organizationId: string,
    id: string,
    to: KycValidationStatus,
    from: KycValidationStatus[],
    extra: { resolvedByUserId: string; resolutionReason?: string },
  ): Promise<KycValidation> {
    const current = await this.findOne(organizationId, id);
    if (!from.includes(current.status) || !canTransition(current.status, to)) throw conflict(current, to);
    const changed = await this.sessions.move({ id, organizationId, from, to, ...extra });
    // Null: another request or the worker moved it first; report the status it has now.
    if (!changed) throw conflict(await this.findOne(organizationId, id), to);
    return changed;
  }

  private async requireEntity(organizationId: string, entityId: string): Promise<void> {
    if (!(await this.entities.findForOrganization(organizationId, entityId))) throw DomainError.notFound(`Entity ${entityId}`);
  }
}

/** The stored form of a session token (the hosted page looks sessions up by it). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function conflict(validation: KycValidation, to: KycValidationStatus): DomainError {
  return new DomainError('CONFLICT', `Validation ${validation.id} is ${validation.status} and cannot become ${to}`, {
    status: validation.status,
  });
}
