import { IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import type { OrganizationKycSettings } from '@app/audit';

export class LimitsSettingsDto {
  /** API requests per minute per API key of this organization (null = the deployment default, RATE_LIMIT_REQUESTS_PER_MINUTE).
   * @example 600
   */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  requestsPerMinute?: number | null;

  /** Verifications (face match, biometric check, liveness, ID verification) per UTC calendar month; null = no quota.
   * @example 10000
   */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  monthlyVerificationQuota?: number | null;
}

export class LimitsSettingsResponseDto {
  /** null = the deployment default applies. */
  requestsPerMinute!: number | null;
  /** null = no quota. */
  monthlyVerificationQuota!: number | null;
}

export function toLimitsSettingsResponse(s: OrganizationKycSettings): LimitsSettingsResponseDto {
  return { requestsPerMinute: s.rateLimitRequestsPerMinute, monthlyVerificationQuota: s.monthlyVerificationQuota };
}

export function toLimitsSettingsPatch(dto: LimitsSettingsDto | undefined): Partial<OrganizationKycSettings> {
  return { rateLimitRequestsPerMinute: dto?.requestsPerMinute, monthlyVerificationQuota: dto?.monthlyVerificationQuota };
}
