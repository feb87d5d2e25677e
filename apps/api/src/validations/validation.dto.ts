import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUrl, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DEFAULT_KYC_INTEGRATION_CODE, KYC_VALIDATION_STATUSES } from '@app/audit';
import type { KycValidation, KycValidationStatus } from '@app/audit';
import type { DniData } from '@app/document';
import { toValidationContract, withExtractedData } from '@app/session';
import { LimitQuery, PageQuery } from '../http/pagination';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class CreateValidationDto {
  /** The entity (person) to validate; one of this organization's.
   * @example "0b7a2c7e-52f4-4f6b-9b5e-5d0f8f7f3a11"
   */
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId!: string;

  /** The integration (only "global_gueno_validation_kyc" today). */
  @IsOptional()
  @IsIn([DEFAULT_KYC_INTEGRATION_CODE], { message: `integrationCode must be "${DEFAULT_KYC_INTEGRATION_CODE}"` })
  integrationCode?: string;

  /** Where this validation's webhooks go instead of the organization's webhook URL.
   * @example "https://example.com/kyc/webhooks"
   */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'webhookUrl must be an http(s) URL' })
  @MaxLength(2000)
  webhookUrl?: string;

  /** Your own JSON object, returned as is (at most 10 KB). */
  @IsOptional()
  @IsObject({ message: 'metadata must be a JSON object' })
  metadata?: Record<string, unknown>;

  /** Warning codes to leave out of the decision. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  omitWarnings?: string[];

  /** Where the hosted page sends the person when they finish.
   * @example "https://example.com/onboarding/done"
   */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'callback must be an http(s) URL' })
  @MaxLength(2000)
  callback?: string;
}

export class ListValidationsQueryDto {
  /** 1-based page (default 1, max 1000). */
  @PageQuery()
  page: number = 1;

  /** Page size (default 20, max 100). */
  @LimitQuery()
  limit: number = 20;

  @IsOptional()
  @IsIn(KYC_VALIDATION_STATUSES, { message: `status must be one of ${KYC_VALIDATION_STATUSES.join(', ')}` })
  status?: KycValidationStatus;
}

export class ResolveValidationDto {
  /** The resolution of a validation in review. */
  @IsIn(['approved', 'rejected'], { message: 'status must be "approved" or "rejected"' })
  status!: 'approved' | 'rejected';

  /** Why (kept with the validation). */
  @IsString()
  @MinLength(1, { message: 'reason is required' })
  @MaxLength(1000)
  reason!: string;
}

export class ValidationResponseDto {
  id!: string;
  entityId!: string;
  organizationId!: string;
  integrationCode!: string;
  sessionId!: string;
  status!: KycValidationStatus;
  provider!: string;
  /** The hosted page link; present only in the creation response (the token is stored hashed). */
  providerSessionUrl!: string | null;
  isCurrent!: boolean;
  expiresAt!: Date;
  metadata!: Record<string, unknown> | null;
  omitWarnings!: string[];
  callback!: string | null;
  webhookUrl!: string | null;
  /**
   * The session's decision once the selfie was sent (null before): status, reason, warnings, face match, liveness, and
   * `document`, the document step: its face, `warnings` (BARCODE_NOT_DETECTED, BARCODE_VALIDATION_FAILED, DOCUMENT_EXPIRED,
   * DATA_INCONSISTENT, PORTRAIT_IMAGE_NOT_DETECTED), `inconsistentFields` (which entity fields disagree with the card), `barcode`
   * (detected, valid, layout, invalidReason) and `extractedData` (what the DNI barcode says: documentNumber, sex, tramite, ejemplar,
   * lastName, firstName, dateOfBirth, issueDate, expiryDate, cuil?; the shape of the ID verification's; null when nothing valid was
   * read, or after the entity's biometrics were erased). DATA_INCONSISTENT and DOCUMENT_EXPIRED (unless in omitWarnings) send a matching session to in_review. Never images.
   */
  decision!: Record<string, unknown> | null;
  resolutionReason!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export class ValidationListResponseDto {
  validations!: ValidationResponseDto[];
  total!: number;
  page!: number;
  limit!: number;
}

/**
 * The one contract shape of a validation (`@app/session`), for the API's audience. `extractedData`: the
 * card's data opened from the validation's sealed reading (see SessionDocumentService).
 */
export function toValidationResponse(
  validation: KycValidation,
  extractedData: DniData | null,
  providerSessionUrl: string | null = null,
): ValidationResponseDto {
  const contract = toValidationContract(validation, providerSessionUrl);
  return { ...contract, decision: withExtractedData(contract.decision, extractedData) };
}
