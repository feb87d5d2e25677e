import { Injectable } from '@nestjs/common';
import { KycSettingsRepository, Organization, OrganizationKycSettings, OrganizationRepository } from '@app/audit';
import { DomainError } from '@app/core';
import { Principal } from '../auth/principal';
import { toKycSettingsPatch, UpdateKycSettingsDto } from './kyc-settings.dto';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly kycSettings: KycSettingsRepository,
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
      throw DomainError.invalid('Nothing to change: send at least one of faceMatch, kycValidation, renaper or limits settings');
    }
    return this.kycSettings.updateWithChangeLog(principal.organizationId, patch, principal.userId);
  }
}
