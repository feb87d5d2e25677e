import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError } from '@app/core';
import { UnreadableBody } from './json-body';
import { rejectUnstorableText } from './stored-text';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** One INVALID_REQUEST naming every bad field, e.g. "scoreThreshold must be a number from 0 to 100". */
function validationError(errors: ValidationError[]): DomainError {
  const fields = flatten(errors);
  // One message per distinct problem: a field failing three rules that share a message says it once.
  const message = [...new Set(fields.flatMap((f) => f.problems))].join('; ');
  return DomainError.invalid(message || 'The request is not valid', { fields: fields.map((f) => f.field) });
}

const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false,
};

const PRIMITIVE_TYPES: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The global pipe: DTOs validated and transformed, unknown properties refused, errors in the
 * contract's shape. Before the DTO rules: a body the parser could not read raises its own error
 * here (after the API key guard), a DTO body must be a JSON object, and no string may hold text
 * PostgreSQL cannot store.
 */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (value instanceof UnreadableBody) throw value.error;
      const takesDto = typeof metadata.metatype === 'function' && !PRIMITIVE_TYPES.includes(metadata.metatype);
      if (takesDto && !isPlainObject(value)) throw DomainError.invalid('Send a JSON object as the body (content-type: application/json)');
    }
    if (metadata.type === 'body' || metadata.type === 'query') rejectUnstorableText(value, metadata.data ?? '');
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({ ...VALIDATION_OPTIONS, transform: true, exceptionFactory: validationError });
}

/**
 * Validates a plain object (multipart text fields, a query read inside a service) against a DTO
 * class, like the global pipe does. Unknown properties are ignored unless `forbidUnknown`.
 */
export function validatePlain<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
  options: { forbidUnknown?: boolean } = {},
): T {
  rejectUnstorableText(plain);
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, { ...VALIDATION_OPTIONS, forbidNonWhitelisted: options.forbidUnknown ?? false });
  if (errors.length > 0) throw validationError(errors);
  return instance;
}
