import { FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { decodeBase64Image } from './base64-image';

export interface MultipartLimits {
  /** Largest accepted image, after base64 decoding. */
  maxImageBytes: number;
  /** Text fields other than images are short; this bounds them. */
  maxTextFieldBytes: number;
}

/**
 * A parsed multipart form. Image fields may arrive as a file part or as a base64 string; both end
 * up as bytes here. Problems are collected per field instead of thrown, so the caller can record
 * the failed attempt before answering.
 */
export interface ParsedForm {
  text: Record<string, string>;
  images: Record<string, Buffer>;
}

const MAX_PARTS = 30;

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/**
 * Reads a whole multipart request. `imageFields` lists the fields that carry images; a file part
 * for any other field is drained and ignored, as are unknown text fields.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  imageFields: readonly string[],
  limits: MultipartLimits,
): Promise<ParsedForm> {
  if (!request.isMultipart()) {
    throw DomainError.invalid('Send the request as multipart/form-data (file parts or base64 string fields)');
  }
  // Base64 grows data by 4/3; leave room for a data-URL prefix and line breaks.
  const maxBase64Chars = Math.ceil((limits.maxImageBytes * 4) / 3) + 64 * 1024;
  const form: ParsedForm = { text: {}, images: {} };
  const seen = new Set<string>();
  const parts = request.parts({
    limits: { fileSize: limits.maxImageBytes, fieldSize: maxBase64Chars, parts: MAX_PARTS, files: imageFields.length },
  });

  try {
    for await (const part of parts) {
      const name = part.fieldname;
      if (seen.has(name)) throw DomainError.invalid(`${name}: sent more than once`, { field: name });
      seen.add(name);
      const isImage = imageFields.includes(name);

      if (part.type === 'file') {
        if (!isImage) {
          part.file.resume();
          continue;
        }
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw tooLarge(name, limits.maxImageBytes);
        if (bytes.length === 0) throw DomainError.invalid(`${name}: the uploaded file is empty`, { field: name });
        form.images[name] = bytes;
        continue;
      }

      const value = typeof part.value === 'string' ? part.value : String(part.value);
      if (isImage) {
        if (part.valueTruncated) throw tooLarge(name, limits.maxImageBytes);
        const decoded = decodeBase64Image(value);
        if (!decoded.ok) throw DomainError.invalid(`${name}: ${decoded.reason}`, { field: name });
        if (decoded.bytes.length > limits.maxImageBytes) throw tooLarge(name, limits.maxImageBytes);
        form.images[name] = decoded.bytes;
      } else {
        if (value.length > limits.maxTextFieldBytes) {
          throw DomainError.invalid(`${name}: longer than ${limits.maxTextFieldBytes} characters`, { field: name });
        }
        form.text[name] = value;
      }
    }
  } catch (error) {
    throw translateMultipartError(error, limits.maxImageBytes);
  }
  return form;
}

function tooLarge(field: string, max: number): DomainError {
  return DomainError.invalid(`${field}: larger than ${megabytes(max)}`, { field });
}

/** @fastify/multipart and busboy report limits and malformed bodies with their own errors. */
function translateMultipartError(error: unknown, maxImageBytes: number): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: string }).code;
  const part = (error as { part?: { fieldname?: string } }).part?.fieldname;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return DomainError.invalid(`${part ?? 'an image'}: larger than ${megabytes(maxImageBytes)}`, part ? { field: part } : undefined);
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return DomainError.invalid('The form has too many parts');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return DomainError.invalid('Send the request as multipart/form-data (file parts or base64 string fields)');
    default:
      if (error instanceof Error && /multipart|boundary|Unexpected end of form/i.test(error.message)) {
        return DomainError.invalid(`The multipart body is malformed: ${error.message}`);
      }
      return error;
  }
}
