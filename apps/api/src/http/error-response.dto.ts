import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, ErrorCode } from '@app/core';
import { ErrorBody } from './error-response';

/** The contract's error body as the API document shows it; the filter writes it (`mapError` in error-response.ts). */
export class ErrorResponseDto implements ErrorBody {
  /** The contract's error code; the HTTP status follows from it (api-contract.md, "Common rules"). */
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: 'INVALID_REQUEST' })
  code!: ErrorCode;

  /** What went wrong, for a person; for an invalid field it names the field and the reason. */
  @ApiProperty({ example: 'selfieImage: not a JPEG, PNG, WebP or TIFF image' })
  message!: string;

  /** The call's `X-Request-Id`: quote it when asking about a failure. */
  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  /** Machine-readable context when there is some (`{ "field": "selfieImage" }`, `{ "step": "consent" }`). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { field: 'selfieImage' } })
  details?: Record<string, unknown>;
}
