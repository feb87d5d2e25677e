import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { KycSettingsResponseDto, toKycSettingsResponse, UpdateKycSettingsDto } from './kyc-settings.dto';
import { OrganizationResponseDto, toOrganizationResponse } from './organization.dto';
import { OrganizationsService } from './organizations.service';
import { ApiKeyRouteErrors } from '../http/api-error-responses';

@ApiTags('Organizations')
@ApiBearerAuth()
@ApiKeyRouteErrors()
@Controller('organizations/current')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @ApiOperation({ summary: 'The organization the API key acts for' })
  async current(@CurrentPrincipal() principal: Principal): Promise<OrganizationResponseDto> {
    return toOrganizationResponse(await this.organizations.current(principal.organizationId));
  }

  @Get('kyc-settings')
  @ApiOperation({ summary: 'KYC settings (secrets are never returned)' })
  async settings(@CurrentPrincipal() principal: Principal): Promise<KycSettingsResponseDto> {
    return toKycSettingsResponse(await this.organizations.settings(principal.organizationId));
  }

  @Patch('kyc-settings')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change KYC settings (admin only); every change is recorded' })
  async updateSettings(@CurrentPrincipal() principal: Principal, @Body() body: UpdateKycSettingsDto): Promise<KycSettingsResponseDto> {
    return toKycSettingsResponse(await this.organizations.updateSettings(principal, body));
  }
}
