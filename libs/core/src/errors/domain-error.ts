import { ErrorCode } from './error-codes';

/**
 * The one error type services and libs throw. `message` is written for a human who can act on it
 * ("documentImage: not a JPEG, PNG, WebP or TIFF image"); `details` is optional structured context
 * that is safe to return to the client (never images, templates or secrets).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError('INVALID_REQUEST', message, details);
  }

  static notFound(what: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`);
  }
}

/**
 * An image that cannot be used as input (wrong format, too small, too many pixels, corrupt).
 * Thrown by libs/face without knowing which request field it came from; the caller names the field.
 */
export class ImageRejectedError extends DomainError {
  constructor(readonly reason: string) {
    super('INVALID_REQUEST', reason);
    this.name = 'ImageRejectedError';
  }

  forField(field: string): DomainError {
    return DomainError.invalid(`${field}: ${this.reason}`, { field });
  }
}

/**
 * Awaits work on the image a request sent as `field` (its analysis, its header check): an image the
 * face engine rejects becomes INVALID_REQUEST naming that field; any other error passes unchanged.
 */
export async function forImageField<T>(field: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ImageRejectedError) throw error.forField(field);
    throw error;
  }
}
