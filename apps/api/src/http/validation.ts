import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError } from '@app/core';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** One INVALID_REQUEST naming every bad field, e.g. "scoreThreshold must be a number from 0 to 100". */
export function validationError(errors: ValidationError[]): DomainError {
  const fields = flatten(errors);
  const message = fields.flatMap((f) => f.problems).join('; ');
  return DomainError.invalid(message || 'The request is not valid', { fields: fields.map((f) => f.field) });
}

const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false,
};

/** The global pipe: DTOs validated and transformed, unknown properties refused, errors in the contract's shape. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ ...VALIDATION_OPTIONS, transform: true, exceptionFactory: validationError });
}

/** Validates a plain object (e.g. multipart text fields) against a DTO class, like the global pipe does. */
export function validatePlain<T extends object>(cls: ClassConstructor<T>, plain: Record<string, unknown>): T {
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, { ...VALIDATION_OPTIONS, forbidNonWhitelisted: false });
  if (errors.length > 0) throw validationError(errors);
  return instance;
}
