import { FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { decodeBase64Image } from '../http/base64-image';
import { UnreadableBody } from '../http/json-body';
import { MultipartLimits, readMultipartForm } from '../http/multipart-form';
import { validatePlain } from '../http/validation';
import { BiometricCheckFormDto, BiometricCheckJsonDto } from './biometric-check.dto';

/** The multipart spellings of the image field (the JSON body uses `user_image`). */
export const BIOMETRIC_IMAGE_FIELDS = ['userImage', 'user_image'] as const;

/** The route whose JSON body carries a whole image (Fastify's body limit is raised for it alone). */
export const BIOMETRIC_CHECK_ROUTE = '/api/kyc/biometric';

export interface BiometricInput {
  image: Buffer;
  /** The field the image came in, for INVALID_REQUEST messages. */
  imageField: string;
  entityId?: string;
  externalEntityId?: string;
}

/** The largest JSON body that can carry an image of `maxImageBytes` as base64 (plus the ids). */
export function jsonBodyLimitFor(maxImageBytes: number): number {
  return Math.ceil((maxImageBytes * 4) / 3) + 64 * 1024;
}

/** Reads either body shape of the contract; every problem is an INVALID_REQUEST naming the field. */
export async function readBiometricInput(request: FastifyRequest, limits: MultipartLimits): Promise<BiometricInput> {
  if (request.isMultipart()) {
    const form = await readMultipartForm(request, BIOMETRIC_IMAGE_FIELDS, limits);
    const fields = validatePlain(BiometricCheckFormDto, form.text);
    const sent = BIOMETRIC_IMAGE_FIELDS.filter((name) => form.images[name]);
    if (sent.length > 1) throw DomainError.invalid('Send the image as userImage or as user_image, not both', { fields: sent });
    if (sent.length === 0) throw DomainError.invalid('userImage (or user_image) is required (a file part or a base64 string)', { field: 'userImage' });
    return { image: form.images[sent[0]], imageField: sent[0], entityId: fields.entityId, externalEntityId: fields.externalEntityId };
  }
  const body: unknown = request.body;
  if (body instanceof UnreadableBody) throw body.error;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw DomainError.invalid('Send application/json { user_image, entityId?, externalEntityId? } or multipart/form-data');
  }
  const fields = validatePlain(BiometricCheckJsonDto, body as Record<string, unknown>);
  const decoded = decodeBase64Image(fields.user_image);
  if (!decoded.ok) throw DomainError.invalid(`user_image: ${decoded.reason}`, { field: 'user_image' });
  if (decoded.bytes.length > limits.maxImageBytes) {
    throw DomainError.invalid(`user_image: larger than ${Math.round((limits.maxImageBytes / (1024 * 1024)) * 10) / 10} MB`, { field: 'user_image' });
  }
  return { image: decoded.bytes, imageField: 'user_image', entityId: fields.entityId, externalEntityId: fields.externalEntityId };
}
