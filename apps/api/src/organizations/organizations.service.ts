import { Inject, Injectable } from '@nestjs/common';
import { KycSettingsRepository, Organization, OrganizationKycSettings, OrganizationRepository } from '@app/audit';
import { DomainError, outboundConfig, OutboundConfig } from '@app/core';
import { SecretSealer } from '@app/storage';
import { Principal } from '../auth/principal';
import { assertOutboundUrl } from '../http/outbound-url';
import { toKycSettingsPatch, UpdateKycSettingsDto } from './kyc-settings.dto';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly kycSettings: KycSettingsRepository,
    private readonly secrets: SecretSealer,
    @Inject(outboundConfig.KEY) private readonly outbound: OutboundConfig,
  ) {}

  async current(organizationId: string): Promise<Organization> {
    const organization = await this.organizations.findById(organizationId);
    if (!organization) throw DomainError.notFound(`Organization ${organizationId}`);
    return organization;
  }

  settings(organizationId: string): Promise<OrganizationKycSettings> {
    return this.kycSettings.findForOrganization(organizationId);
  }

  async updateSettings(principal: Principal, body: UpdateKycSettingsDto): Promise<OrganizationKycSettings> {
    const patch = toKycSettingsPatch(body);
    if (Object.keys(patch).length === 0) {
      throw DomainError.invalid(
        'Nothing to change: send at least one of faceMatch, kycValidation, renaper, limits, liveness, idVerification or documentReading settings',
      );
    }
    if (patch.webhookUrl) assertOutboundUrl('kycValidation.webhookUrl', patch.webhookUrl, this.outbound);
    if (patch.renaperBaseUrl) assertOutboundUrl('renaper.baseUrl', patch.renaperBaseUrl, this.outbound);
    return this.kycSettings.updateWithChangeLog(principal.organizationId, patch, principal.userId, this.secrets);
  }
}
