import { ClassConstructor } from 'class-transformer';
import { FastifyRequest } from 'fastify';
import { MultipartLimits, readMultipartForm } from './multipart-form';
import { validatePlain } from './validation';

/** A multipart body: its text fields validated against a DTO, its image fields as bytes (each may be missing). */
export interface MultipartInput<Fields, ImageField extends string> {
  fields: Fields;
  images: Partial<Record<ImageField, Buffer>>;
}

/** Reads a multipart body and validates its text fields like the global pipe would (unknown text fields are ignored). */
export async function readMultipartInput<Fields extends object, ImageField extends string>(
  request: FastifyRequest,
  imageFields: readonly ImageField[],
  limits: MultipartLimits,
  dto: ClassConstructor<Fields>,
): Promise<MultipartInput<Fields, ImageField>> {
  const form = await readMultipartForm(request, imageFields, limits);
  return { fields: validatePlain(dto, form.text), images: form.images as Partial<Record<ImageField, Buffer>> };
}
