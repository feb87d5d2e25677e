import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { OptionalRecordId } from '../http/field-decorators';
import type { IdVerification } from '@app/audit';
import type { DniData } from '@app/document';
import { LimitQuery, OffsetQuery } from '../http/pagination';
import { toStrictNumber } from '../http/form-values';

/**
 * The text fields of `POST /api/kyc/id-verification` (multipart). The images are read separately
 * (file part or base64 string); they are described here for Swagger only.
 */
export class IdVerificationFormDto {
  /** Photo of the front of the Argentine DNI (with its PDF417 barcode and portrait): a file part or a base64 string (JPEG, PNG, WebP or TIFF; max 5 MB). */
  @ApiProperty({ type: 'string', format: 'binary' })
  documentFront!: unknown;

  /** Photo of the back of the card (optional; stored for audit). */
  @ApiPropertyOptional({ type: 'string', format: 'binary' })
  documentBack?: unknown;

  /** UUID of a person entity of this organization: its person data and taxId are cross-checked with the card. */
  @OptionalRecordId()
  entityId?: string;

  /** Your own reference, stored with the audit record.
   * @example "customer-1234"
   */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'vendorData must be at most 1000 characters' })
  vendorData?: string;

  /** Minimum age in years; a younger holder gets MINIMUM_AGE_NOT_MET.
   * @example 18
   */
  @IsOptional()
  @Transform(toStrictNumber)
  @IsInt({ message: 'minimumAge must be an integer from 0 to 120' })
  @Min(0, { message: 'minimumAge must be an integer from 0 to 120' })
  @Max(120, { message: 'minimumAge must be an integer from 0 to 120' })
  minimumAge?: number;
}

export class ExtractedDataDto {
  /** @example "28456712" */
  documentNumber!: string;
  /** M | F | X */
  sex!: string;
  /** Número de trámite as printed; compare as numbers. @example "00623451287" */
  tramite!: string;
  /** @example "B" */
  ejemplar!: string;
  lastName!: string;
  /** May be cut short on the card. */
  firstName!: string;
  /** yyyy-mm-dd */
  dateOfBirth!: string;
  /** yyyy-mm-dd */
  issueDate!: string;
  /** yyyy-mm-dd (derived from the issue date on the current card; printed on the old one). */
  expiryDate!: string;
  /** 11 digits, when the barcode carries it. */
  cuil?: string;
}

export class IdVerificationResponseDto {
  /** approved | declined */
  status!: string;
  /** Id of the audit record in id_verifications. */
  verificationId!: string;
  /** What the barcode says; null when it could not be read or validated. */
  @ApiProperty({ type: ExtractedDataDto, nullable: true })
  extractedData!: ExtractedDataDto | null;
  /** BARCODE_NOT_DETECTED, BARCODE_VALIDATION_FAILED, DOCUMENT_EXPIRED, MINIMUM_AGE_NOT_MET, DATA_INCONSISTENT, PORTRAIT_IMAGE_NOT_DETECTED */
  warnings!: string[];
  requestId!: string;
}

export class ListIdVerificationsQueryDto {
  /** Only verifications of this entity. */
  @OptionalRecordId()
  entityId?: string;

  /** approved | declined | failed */
  @IsOptional()
  @IsIn(['approved', 'declined', 'failed'], { message: 'status must be approved, declined or failed' })
  status?: 'approved' | 'declined' | 'failed';

  /** Page size (default 50, max 100). */
  @LimitQuery()
  limit: number = 50;

  /** Records to skip (default 0, max 100000). */
  @OffsetQuery()
  offset: number = 0;
}

export class IdVerificationRecordDto {
  id!: string;
  organizationId!: string;
  entityId!: string | null;
  /** approved | declined | failed */
  status!: string;
  requestId!: string;
  vendorData!: string | null;
  minimumAge!: number | null;
  errorMessage!: string | null;
  triggeredByUserId!: string;
  warnings!: string[];
  /** Opened from its sealed form; null when nothing was read, or after erasure. */
  @ApiProperty({ type: ExtractedDataDto, nullable: true })
  extractedData!: ExtractedDataDto | null;
  hasDocumentFrontImage!: boolean;
  hasDocumentBackImage!: boolean;
  createdAt!: Date;
}

export class IdVerificationListResponseDto {
  verifications!: IdVerificationRecordDto[];
  pagination!: { limit: number; offset: number; total: number };
}

export function toIdVerificationResponse(row: IdVerification, extractedData: DniData | null): IdVerificationResponseDto {
  return { status: row.status, verificationId: row.id, extractedData, warnings: row.warnings, requestId: row.requestId };
}

export function toIdVerificationRecord(row: IdVerification, extractedData: DniData | null): IdVerificationRecordDto {
  return {
    id: row.id,
    organizationId: row.organizationId,
    entityId: row.entityId,
    status: row.status,
    requestId: row.requestId,
    vendorData: row.vendorData,
    minimumAge: row.minimumAge,
    errorMessage: row.errorMessage,
    triggeredByUserId: row.triggeredByUserId,
    warnings: row.warnings,
    extractedData,
    hasDocumentFrontImage: row.documentFrontStoragePath !== null,
    hasDocumentBackImage: row.documentBackStoragePath !== null,
    createdAt: row.createdAt,
  };
}
