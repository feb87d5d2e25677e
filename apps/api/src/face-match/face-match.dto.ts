import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalRecordId } from '../http/field-decorators';
import { faceMatchVerificationFor, type FaceMatchVerification, type FaceMatchVerificationForApi, responseDoubleChecksOf } from '@app/audit';
import { toStrictBoolean, toStrictNumber } from '../http/form-values';
import { LimitQuery, OffsetQuery } from '../http/pagination';

const THRESHOLD_MESSAGE = "scoreThreshold must be a number from 0 to 100 (leave the field out to use the organization's threshold)";

/**
 * The text fields of `POST /api/kyc/face-match` (multipart). The two images are read separately
 * (file part or base64 string) by the multipart reader; they are described here for Swagger only.
 */
export class FaceMatchFormDto {
  /** Reference image, e.g. the portrait from an ID document: a file part or a base64 string (JPEG, PNG, WebP or TIFF; max 5 MB). */
  @ApiProperty({ type: 'string', format: 'binary' })
  documentImage!: unknown;

  /** Selfie: a file part or a base64 string (JPEG, PNG, WebP or TIFF; max 5 MB). */
  @ApiProperty({ type: 'string', format: 'binary' })
  selfieImage!: unknown;

  /** UUID of a person entity of this organization, for audit and listing. */
  @OptionalRecordId()
  entityId?: string;

  /** Score 0..100 below which the match is declined; overrides the organization's threshold for this call. */
  @IsOptional()
  @Transform(toStrictNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: THRESHOLD_MESSAGE })
  @Min(0, { message: THRESHOLD_MESSAGE })
  @Max(100, { message: THRESHOLD_MESSAGE })
  scoreThreshold?: number;

  /** Your own reference (e.g. your user id), stored with the audit record.
   * @example "customer-1234"
   */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'vendorData must be at most 1000 characters' })
  vendorData?: string;

  /** Run the RENAPER double-check after an approved match (the query parameter wins over this field). */
  @IsOptional()
  @Transform(toStrictBoolean)
  @IsBoolean({ message: 'doubleCheckRenaper must be true or false' })
  doubleCheckRenaper?: boolean;

  /** DNI for the RENAPER double-check (7 or 8 digits). */
  @IsOptional()
  @Matches(/^\d{7,8}$/, { message: 'dni must be 7 or 8 digits' })
  dni?: string;

  /** Gender for the RENAPER double-check. */
  @IsOptional()
  @IsIn(['M', 'F', 'X', 'male', 'female'], { message: 'gender must be one of M, F, X, male, female' })
  gender?: 'M' | 'F' | 'X' | 'male' | 'female';

  /** Número de trámite of the DNI card for the RENAPER data check (up to 11 digits; leading zeros are not significant). */
  @IsOptional()
  @Matches(/^\d{1,11}$/, { message: 'tramite must be up to 11 digits' })
  tramite?: string;
}

export class FaceMatchQueryDto {
  /** Run the RENAPER double-check; wins over the body field. */
  @IsOptional()
  @Transform(toStrictBoolean)
  @IsBoolean({ message: 'doubleCheckRenaper must be true or false' })
  doubleCheckRenaper?: boolean;
}

export class FaceMatchResponseDto {
  /** True when score >= the threshold used (and no RENAPER check failed). */
  match!: boolean;
  /** Calibrated similarity 0..100 (two decimals); null when a face is missing. */
  score!: number | null;
  /** approved | declined | in_review */
  status!: string;
  /** Id of the audit record in face_match_verifications. */
  verificationId!: string;
  /** The threshold used for this verification. */
  scoreDeclineThreshold!: number;
  requestId!: string;
  /** Risk codes, e.g. LOW_FACE_MATCH_SIMILARITY, NO_REFERENCE_IMAGE, MULTIPLE_FACES_DETECTED. */
  warnings!: string[];
  @ApiPropertyOptional()
  doubleCheckRenaper?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  responseDoubleChecks?: Record<string, unknown> | null;
}

export class ListVerificationsQueryDto {
  /** Only verifications of this entity. */
  @OptionalRecordId()
  entityId?: string;

  /** approved | declined | in_review | failed */
  @IsOptional()
  @IsIn(['approved', 'declined', 'in_review', 'failed'], { message: 'status must be approved, declined, in_review or failed' })
  status?: 'approved' | 'declined' | 'in_review' | 'failed';

  /** Page size (default 50, max 100). */
  @LimitQuery()
  limit: number = 50;

  /** Records to skip (default 0, max 100000). */
  @OffsetQuery()
  offset: number = 0;
}

/** The record as the API shows it: the contract's one definition (faceMatchVerificationFor), described here for Swagger. */
export class VerificationResponseDto implements FaceMatchVerificationForApi {
  id!: string;
  organizationId!: string;
  entityId!: string | null;
  /** approved | declined | in_review | failed */
  status!: string;
  match!: boolean | null;
  score!: number | null;
  requestId!: string;
  vendorData!: string | null;
  errorMessage!: string | null;
  triggeredByUserId!: string;
  createdAt!: Date;
  updatedAt!: Date;
  documentStoragePath!: string | null;
  selfieStoragePath!: string | null;
  /** local | s3 */
  storageProvider!: string;
  /** The threshold used for this verification. */
  threshold!: number;
  warnings!: string[];
  doubleCheckRenaper!: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  responseDoubleChecks!: Record<string, unknown> | null;
}

export class PaginationDto {
  limit!: number;
  offset!: number;
  total!: number;
}

export class VerificationListResponseDto {
  verifications!: VerificationResponseDto[];
  /** The organization's current threshold. */
  scoreDeclineThreshold!: number;
  pagination!: PaginationDto;
}

export function toVerificationResponse(row: FaceMatchVerification): VerificationResponseDto {
  return faceMatchVerificationFor(row, 'api');
}

export function toFaceMatchResponse(row: FaceMatchVerification): FaceMatchResponseDto {
  const response: FaceMatchResponseDto = {
    match: row.match ?? false,
    score: row.score,
    status: row.status,
    verificationId: row.id,
    scoreDeclineThreshold: row.threshold,
    requestId: row.requestId,
    warnings: row.warnings,
  };
  if (row.doubleCheckRenaper) {
    response.doubleCheckRenaper = true;
    response.responseDoubleChecks = responseDoubleChecksOf(row);
  }
  return response;
}
