import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsHttpUrl } from '../http/field-decorators';
import type { OrganizationKycSettings } from '@app/audit';
import {
  DocumentReadingSettingsDto,
  DocumentReadingSettingsResponseDto,
  toDocumentReadingSettingsPatch,
  toDocumentReadingSettingsResponse,
} from './document-reading-settings.dto';
import { LimitsSettingsDto, LimitsSettingsResponseDto, toLimitsSettingsPatch, toLimitsSettingsResponse } from './limits-settings.dto';

export class FaceMatchSettingsDto {
  /** The faceMatch integration (POST /api/kyc/face-match). */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Score 0..100 below which a face match is declined (default 30 = measured false-match rate ≤ 1/1000).
   * @example 30
   */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  scoreDeclineThreshold?: number;
}

export class KycValidationSettingsDto {
  /** Session-based KYC validations and the biometric check. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Where validation webhooks go (null to clear).
   * @example "https://example.com/kyc/webhooks"
   */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsHttpUrl('kycValidation.webhookUrl')
  webhookUrl?: string | null;

  /** HMAC secret for webhook signatures; write-only (null to clear). */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(16, { message: 'kycValidation.webhookSecret must be at least 16 characters' })
  @MaxLength(256)
  webhookSecret?: string | null;

  /** Lifetime of a validation session in hours (default 168). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  sessionTtlHours?: number;

  /** Lets the hosted page offer "upload a photo instead" of the live selfie (default false). An uploaded selfie always sends the session to in_review (SELFIE_NOT_LIVE_CAPTURED). */
  @IsOptional()
  @IsBoolean()
  allowSelfieUpload?: boolean;

  /** Hosts a member key may send a validation's own `webhookUrl` to (exact host names; admins may use any). Events are signed with the organization's secret, so only trusted receivers belong here.
   * @example ["hooks.example.com"]
   */
  @IsOptional()
  @IsArray({ message: 'kycValidation.webhookAllowedHosts must be an array of host names' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  @Matches(/^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$/i, {
    each: true,
    message: 'kycValidation.webhookAllowedHosts must hold host names such as hooks.example.com',
  })
  webhookAllowedHosts?: string[];
}

export class RenaperSettingsDto {
  /** Integration ar_renaper_data_enrichment. */
  @IsOptional()
  @IsBoolean()
  dataEnrichmentEnabled?: boolean;

  /** Integration ar_renaper_validate_dni_enrichment. */
  @IsOptional()
  @IsBoolean()
  validateDniEnrichmentEnabled?: boolean;

  /** Base URL of the registry (or of the project's RENAPER sandbox).
   * @example "http://127.0.0.1:4010"
   */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsHttpUrl('renaper.baseUrl')
  baseUrl?: string | null;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(256)
  username?: string | null;

  /** Write-only. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(256)
  password?: string | null;
}

export class LivenessSettingsDto {
  /** The liveness integration (POST /api/kyc/liveness). */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Whether the Biometric Check checks passive liveness when a request does not send `checkLiveness`. */
  @IsOptional()
  @IsBoolean()
  biometricCheckDefault?: boolean;
}

export class IdVerificationSettingsDto {
  /** The idVerification integration (POST /api/kyc/id-verification: reads the Argentine DNI). */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateKycSettingsDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => FaceMatchSettingsDto)
  faceMatch?: FaceMatchSettingsDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => KycValidationSettingsDto)
  kycValidation?: KycValidationSettingsDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => RenaperSettingsDto)
  renaper?: RenaperSettingsDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => LimitsSettingsDto)
  limits?: LimitsSettingsDto;
  @IsOptional()
  @ValidateNested()
  @Type(() => LivenessSettingsDto)
  liveness?: LivenessSettingsDto;
  @IsOptional()
  @ValidateNested()
  @Type(() => IdVerificationSettingsDto)
  idVerification?: IdVerificationSettingsDto;
  /** How the hosted page's document step treats the DNI barcode. */
  @IsOptional()
  @ValidateNested()
  @Type(() => DocumentReadingSettingsDto)
  documentReading?: DocumentReadingSettingsDto;
}

export class FaceMatchSettingsResponseDto {
  enabled!: boolean;
  scoreDeclineThreshold!: number;
}

export class KycValidationSettingsResponseDto {
  enabled!: boolean;
  webhookUrl!: string | null;
  /** True when a webhook secret is set (the secret itself is never returned). */
  webhookSecretConfigured!: boolean;
  sessionTtlHours!: number;
  allowSelfieUpload!: boolean;
  /** Hosts a member key may use as a validation's own webhookUrl. */
  webhookAllowedHosts!: string[];
}

export class RenaperSettingsResponseDto {
  dataEnrichmentEnabled!: boolean;
  validateDniEnrichmentEnabled!: boolean;
  baseUrl!: string | null;
  username!: string | null;
  /** True when username and password are both set (the password is never returned). */
  credentialsConfigured!: boolean;
}

export class LivenessSettingsResponseDto {
  enabled!: boolean;
  biometricCheckDefault!: boolean;
}

export class KycSettingsResponseDto {
  faceMatch!: FaceMatchSettingsResponseDto;
  kycValidation!: KycValidationSettingsResponseDto;
  renaper!: RenaperSettingsResponseDto;
  limits!: LimitsSettingsResponseDto;
  liveness!: LivenessSettingsResponseDto;
  idVerification!: { enabled: boolean };
  documentReading!: DocumentReadingSettingsResponseDto;
}

export function toKycSettingsResponse(s: OrganizationKycSettings): KycSettingsResponseDto {
  return {
    faceMatch: { enabled: s.faceMatchEnabled, scoreDeclineThreshold: s.scoreDeclineThreshold },
    kycValidation: {
      enabled: s.kycValidationEnabled,
      webhookUrl: s.webhookUrl,
      webhookSecretConfigured: Boolean(s.webhookSecret),
      sessionTtlHours: s.sessionTtlHours,
      allowSelfieUpload: s.allowSelfieUpload,
      webhookAllowedHosts: s.webhookAllowedHosts,
    },
    renaper: {
      dataEnrichmentEnabled: s.renaperDataEnrichmentEnabled,
      validateDniEnrichmentEnabled: s.renaperValidateDniEnrichmentEnabled,
      baseUrl: s.renaperBaseUrl,
      username: s.renaperUsername,
      credentialsConfigured: Boolean(s.renaperUsername && s.renaperPassword),
    },
    limits: toLimitsSettingsResponse(s),
    liveness: { enabled: s.livenessEnabled, biometricCheckDefault: s.livenessBiometricCheckDefault },
    idVerification: { enabled: s.idVerificationEnabled },
    documentReading: toDocumentReadingSettingsResponse(s),
  };
}

/** The nested request body as a flat patch of the settings row; absent fields stay unchanged. */
export function toKycSettingsPatch(dto: UpdateKycSettingsDto): Partial<OrganizationKycSettings> {
  const patch: Partial<OrganizationKycSettings> = {
    faceMatchEnabled: dto.faceMatch?.enabled,
    scoreDeclineThreshold: dto.faceMatch?.scoreDeclineThreshold,
    kycValidationEnabled: dto.kycValidation?.enabled,
    webhookUrl: dto.kycValidation?.webhookUrl,
    webhookSecret: dto.kycValidation?.webhookSecret,
    sessionTtlHours: dto.kycValidation?.sessionTtlHours,
    allowSelfieUpload: dto.kycValidation?.allowSelfieUpload,
    webhookAllowedHosts: dto.kycValidation?.webhookAllowedHosts?.map((host) => host.toLowerCase()),
    renaperDataEnrichmentEnabled: dto.renaper?.dataEnrichmentEnabled,
    renaperValidateDniEnrichmentEnabled: dto.renaper?.validateDniEnrichmentEnabled,
    renaperBaseUrl: dto.renaper?.baseUrl,
    renaperUsername: dto.renaper?.username,
    renaperPassword: dto.renaper?.password,
    ...toLimitsSettingsPatch(dto.limits),
    livenessEnabled: dto.liveness?.enabled,
    livenessBiometricCheckDefault: dto.liveness?.biometricCheckDefault,
    idVerificationEnabled: dto.idVerification?.enabled,
    ...toDocumentReadingSettingsPatch(dto.documentReading),
  };
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
