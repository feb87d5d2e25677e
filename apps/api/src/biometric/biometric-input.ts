import { ClassConstructor } from 'class-transformer';
import { FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { decodeBase64Image } from '../http/base64-image';
import { UnreadableBody } from '../http/json-body';
import { sizeText } from '../http/request-body';
import { MultipartLimits, readMultipartForm } from '../http/multipart-form';
import { validatePlain } from '../http/validation';
import { BiometricCheckFormDto, BiometricCheckJsonDto } from './biometric-check.dto';

/** The multipart spellings of the image field (the JSON body uses `user_image`). */
export const BIOMETRIC_IMAGE_FIELDS = ['userImage', 'user_image'] as const;

/** The route whose JSON body carries a whole image (Fastify's body limit is raised for it alone). */
export const BIOMETRIC_CHECK_ROUTE = '/api/kyc/biometric';
export const LIVENESS_ROUTE = '/api/kyc/liveness';
/** Every route whose JSON body carries a whole image (`user_image`): these alone get room for it. */
export const IMAGE_JSON_ROUTES: readonly string[] = [BIOMETRIC_CHECK_ROUTE, LIVENESS_ROUTE];

export interface BiometricInput {
  image: Buffer;
  /** The field the image came in, for INVALID_REQUEST messages. */
  imageField: string;
  entityId?: string;
  externalEntityId?: string;
  /** Absent when the request did not say (the organization's default applies). */
  checkLiveness?: boolean;
}

/** One face image (`userImage`/`user_image`) and the text fields of an endpoint that takes one. */
export interface UserImageInput<Fields> {
  image: Buffer;
  imageField: string;
  fields: Fields;
}

/** The DTOs of such an endpoint: its multipart text fields, and its JSON body (which carries `user_image`). */
export interface UserImageDtos<Fields extends object> {
  form: ClassConstructor<Fields>;
  json: ClassConstructor<Fields & { user_image: string }>;
  /** The JSON shape, for the message when the body is neither JSON nor multipart. */
  jsonShape: string;
}

/** The largest JSON body that can carry an image of `maxImageBytes` as base64 (plus the ids). */
export function jsonBodyLimitFor(maxImageBytes: number): number {
  return Math.ceil((maxImageBytes * 4) / 3) + 64 * 1024;
}

/**
 * Reads either body shape of an endpoint that takes one face image (the Biometric Check, Liveness):
 * multipart with `userImage` or `user_image` (file or base64), or JSON with `user_image` (base64).
 * Every problem is an INVALID_REQUEST naming the field.
 */
export async function readUserImageInput<Fields extends object>(
  request: FastifyRequest,
  limits: MultipartLimits,
  dtos: UserImageDtos<Fields>,
): Promise<UserImageInput<Fields>> {
  if (request.isMultipart()) {
    const form = await readMultipartForm(request, BIOMETRIC_IMAGE_FIELDS, limits);
    const fields = validatePlain(dtos.form, form.text);
    const sent = BIOMETRIC_IMAGE_FIELDS.filter((name) => form.images[name]);
    if (sent.length > 1) throw DomainError.invalid('Send the image as userImage or as user_image, not both', { fields: sent });
    if (sent.length === 0)
      throw DomainError.invalid('userImage (or user_image) is required (a file part or a base64 string)', { field: 'userImage' });
    return { image: form.images[sent[0]], imageField: sent[0], fields };
  }
  const body: unknown = request.body;
  if (body instanceof UnreadableBody) throw body.error;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw DomainError.invalid(`Send application/json ${dtos.jsonShape} or multipart/form-data`);
  }
  // The base64 text is not kept in `fields`: the decoded bytes are the one copy handed on.
  const { user_image: base64, ...fields } = validatePlain(dtos.json, body as Record<string, unknown>);
  const decoded = decodeBase64Image(base64);
  if (!decoded.ok) throw DomainError.invalid(`user_image: ${decoded.reason}`, { field: 'user_image' });
  if (decoded.bytes.length > limits.maxImageBytes) {
    throw DomainError.invalid(`user_image: larger than ${sizeText(limits.maxImageBytes)}`, { field: 'user_image' });
  }
  return { image: decoded.bytes, imageField: 'user_image', fields: fields as Fields };
}

/** Reads either body shape of the Biometric Check. */
export async function readBiometricInput(request: FastifyRequest, limits: MultipartLimits): Promise<BiometricInput> {
  const { image, imageField, fields } = await readUserImageInput(request, limits, {
    form: BiometricCheckFormDto,
    json: BiometricCheckJsonDto,
    jsonShape: '{ user_image, entityId?, externalEntityId?, checkLiveness? }',
  });
  return { image, imageField, entityId: fields.entityId, externalEntityId: fields.externalEntityId, checkLiveness: fields.checkLiveness };
}
