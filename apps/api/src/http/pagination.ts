import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toStrictNumber } from './form-values';

/**
 * The deepest page a list may ask for. Unbounded values reached PostgreSQL (an offset past bigint
 * is an error there, and a huge one a long scan); older records are reached with the lists' filters.
 */
export const MAX_OFFSET = 100_000;
/** `page` of the page-numbered lists: 1000 pages of at most 100 = the same depth as MAX_OFFSET. */
export const MAX_PAGE = 1_000;

function integerField(field: string, min: number, max: number) {
  const message = `${field} must be an integer from ${min} to ${max}`;
  return applyDecorators(
    // The Swagger plugin cannot see the IsOptional inside this decorator: without this, a field with a default reads as required.
    ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max }),
    IsOptional(),
    Transform(toStrictNumber),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  );
}

/** `limit`: an integer from 1 to `max`. */
export const LimitQuery = (max = 100) => integerField('limit', 1, max);
/** `offset`: an integer from 0 to MAX_OFFSET. */
export const OffsetQuery = () => integerField('offset', 0, MAX_OFFSET);
/** `page` (1-based): an integer from 1 to MAX_PAGE. */
export const PageQuery = () => integerField('page', 1, MAX_PAGE);
