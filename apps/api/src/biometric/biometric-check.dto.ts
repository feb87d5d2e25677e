import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalRecordId } from '../http/field-decorators';
import { toBlankFalseBoolean } from '../http/form-values';
import { FaceSearchOutcome } from './biometric-check.rules';

/** The fields of either body shape; a multipart form carries the image as `userImage` or `user_image`. */
export class BiometricCheckFormDto {
  /** The entity to check (uuid); either this or externalEntityId. */
  @OptionalRecordId()
  entityId?: string;

  /** Your own id of the entity; resolved in this organization when entityId is not sent. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  externalEntityId?: string;

  /**
   * Also check that the face is live (passive liveness): a photo of a photo or of a screen then
   * gives `match: false` with `LIVENESS_FACE_ATTACK` (or `LOW_LIVENESS_SCORE` when uncertain).
   * Default: the organization's `liveness.biometricCheckDefault`.
   * @example true
   */
  @IsOptional()
  @Transform(toBlankFalseBoolean)
  @IsBoolean({ message: 'checkLiveness must be true or false' })
  checkLiveness?: boolean;
}

/** The JSON body (`application/json`): the same fields and the image as base64. */
export class BiometricCheckJsonDto extends BiometricCheckFormDto {
  /** The face image as base64, with or without a `data:image/...;base64,` prefix (JPEG, PNG, WebP, TIFF; at most 5 MB). */
  @IsString({ message: 'user_image is required (a base64 string)' })
  @MinLength(1, { message: 'user_image is required (a base64 string)' })
  user_image!: string;
}

export class FaceSearchDto {
  status!: 'approved' | 'declined';
  /** Matching templates of the entity's validations in any status. */
  totalMatches!: number;
  /** Matching templates of approved validations. */
  approvedMatchesCount!: number;
  requestId!: string;
  warnings!: string[];
}

export class BiometricCheckResponseDto {
  /** True when the face matched at least one approved validation of the entity. */
  match!: boolean;
  /** Session ids of the approved validations that matched. */
  approvedSessionIds!: string[];
  /** Ids of the approved validations that matched. */
  matchedKycValidationIds!: string[];
  faceSearch!: FaceSearchDto;
}

export function toBiometricCheckResponse(requestId: string, outcome: FaceSearchOutcome): BiometricCheckResponseDto {
  return {
    match: outcome.match,
    approvedSessionIds: outcome.approvedSessionIds,
    matchedKycValidationIds: outcome.matchedKycValidationIds,
    faceSearch: {
      status: outcome.status,
      totalMatches: outcome.totalMatches,
      approvedMatchesCount: outcome.approvedMatchesCount,
      requestId,
      warnings: outcome.warnings,
    },
  };
}
