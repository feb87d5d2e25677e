import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { OptionalRecordId } from '../http/field-decorators';
import type { LivenessCheck } from '@app/audit';
import { LIVENESS_CHECK_STATUSES } from '@app/audit';
import { LimitQuery, OffsetQuery } from '../http/pagination';

/** The fields of either body shape (the image is `userImage` or `user_image`, a file part or a base64 string). */
export class LivenessFormDto {
  /** The entity the check belongs to (uuid, optional): its image is erased with the entity's biometrics. */
  @OptionalRecordId()
  entityId?: string;
}

/** The JSON body (`application/json`): the same fields and the selfie as base64. */
export class LivenessJsonDto extends LivenessFormDto {
  /**
   * The selfie as base64, with or without a `data:image/...;base64,` prefix (JPEG, PNG, WebP, TIFF; at most 5 MB).
   * @example "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ..."
   */
  @IsString({ message: 'user_image is required (a base64 string)' })
  @MinLength(1, { message: 'user_image is required (a base64 string)' })
  user_image!: string;
}

/** The multipart body, for Swagger only (the reader parses it). */
export class LivenessMultipartDto {
  /** The selfie: a file part or a base64 string (JPEG, PNG, WebP or TIFF; max 5 MB). `user_image` is accepted too. */
  @ApiProperty({ type: 'string', format: 'binary' })
  userImage!: string;

  /** Optional entity (uuid). */
  @ApiProperty({ required: false, format: 'uuid' })
  entityId?: string;
}

export class LivenessResponseDto {
  /** True when the face is judged live (score at or above the threshold). */
  live!: boolean;
  /** Passive liveness score 0..100; null when no face was found. @example 99.12 */
  score!: number | null;
  /** approved (live), in_review (uncertain band, or several faces), declined (attack or no face). @example "approved" */
  status!: 'approved' | 'declined' | 'in_review';
  /** LIVENESS_FACE_ATTACK, LOW_LIVENESS_SCORE, NO_FACE_DETECTED, MULTIPLE_FACES_DETECTED. @example [] */
  warnings!: string[];
  /** The audit record (GET /api/kyc/liveness/checks/:id). */
  livenessCheckId!: string;
  requestId!: string;
}

export class ListLivenessChecksQueryDto {
  /** Only checks of this entity. */
  @OptionalRecordId()
  entityId?: string;

  /** approved | declined | in_review | failed */
  @IsOptional()
  @IsIn(LIVENESS_CHECK_STATUSES, { message: 'status must be approved, declined, in_review or failed' })
  status?: LivenessCheck['status'];

  /** Page size (default 50, max 100). */
  @LimitQuery()
  limit: number = 50;

  /** Records to skip (default 0, max 100000). */
  @OffsetQuery()
  offset: number = 0;
}

export class LivenessCheckResponseDto {
  id!: string;
  organizationId!: string;
  entityId!: string | null;
  /** approved | declined | in_review | failed */
  status!: string;
  live!: boolean | null;
  score!: number | null;
  /** The thresholds in force for the call: live at/above `threshold`, attack below `attackBelow`. */
  threshold!: number;
  attackBelow!: number;
  modelVersion!: string | null;
  warnings!: string[];
  errorMessage!: string | null;
  /** True while the image is stored (false after erasure or when none was kept). */
  hasImage!: boolean;
  requestId!: string;
  createdAt!: string;
}

export class LivenessPaginationDto {
  limit!: number;
  offset!: number;
  total!: number;
}

export class LivenessCheckListResponseDto {
  checks!: LivenessCheckResponseDto[];
  pagination!: LivenessPaginationDto;
}

export function toLivenessResponse(row: LivenessCheck): LivenessResponseDto {
  return {
    live: row.live ?? false,
    score: row.score,
    status: row.status === 'failed' ? 'declined' : row.status,
    warnings: row.warnings,
    livenessCheckId: row.id,
    requestId: row.requestId,
  };
}

export function toLivenessCheckResponse(row: LivenessCheck): LivenessCheckResponseDto {
  return {
    id: row.id,
    organizationId: row.organizationId,
    entityId: row.entityId,
    status: row.status,
    live: row.live,
    score: row.score,
    threshold: row.threshold,
    attackBelow: row.attackBelow,
    modelVersion: row.modelVersion,
    warnings: row.warnings,
    errorMessage: row.errorMessage,
    hasImage: row.imageStoragePath !== null,
    requestId: row.requestId,
    createdAt: row.createdAt.toISOString(),
  };
}
