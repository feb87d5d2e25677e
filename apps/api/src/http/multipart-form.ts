import { Multipart } from '@fastify/multipart';
import { FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { decodeBase64Image } from './base64-image';
import { declaredLength, discardRequestBody, payloadTooLarge, sizeText } from './request-body';

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

export const MAX_FORM_PARTS = 30;
/** Field names we accept to talk about: a name outside this is refused before it reaches a message or a record. */
const FIELD_NAME = /^[A-Za-z0-9_.[\]-]{1,100}$/;
/** Room for the text fields and the parts' headers next to the images. */
const FORM_OVERHEAD_BYTES = 256 * 1024;

/** Base64 grows data by 4/3; leave room for a data-URL prefix and line breaks. */
function maxBase64Chars(maxImageBytes: number): number {
  return Math.ceil((maxImageBytes * 4) / 3) + 64 * 1024;
}

/** The largest whole form: every image field as base64 plus the text fields. Past it: PAYLOAD_TOO_LARGE. */
export function maxFormBytes(imageFields: number, limits: MultipartLimits): number {
  return imageFields * maxBase64Chars(limits.maxImageBytes) + FORM_OVERHEAD_BYTES;
}

/**
 * Reads a whole multipart request. `imageFields` lists the fields that carry images; a file part
 * for any other field is drained and ignored, as are unknown text fields. The whole form is
 * bounded (a declared Content-Length over it is refused before reading); once refused, the rest
 * of the body is discarded so the client still reads the answer.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  imageFields: readonly string[],
  limits: MultipartLimits,
): Promise<ParsedForm> {
  if (!request.isMultipart()) {
    throw DomainError.invalid('Send the request as multipart/form-data (file parts or base64 string fields)');
  }
  const maxBody = maxFormBytes(imageFields.length, limits);
  const declared = declaredLength(request.headers);
  if (declared !== null && declared > maxBody) {
    void discardRequestBody(request.raw);
    throw payloadTooLarge(maxBody);
  }
  let received = 0;
  // Counted from the parts' contents (headers aside): the form's own bound, also for chunked bodies.
  const account = (bytes: number) => {
    received += bytes;
    if (received > maxBody) throw payloadTooLarge(maxBody);
  };
  try {
    return await readParts(request, imageFields, limits, account);
  } catch (error) {
    void discardRequestBody(request.raw);
    throw translateMultipartError(error, limits.maxImageBytes);
  }
}

/**
 * Watches the raw body for the closing delimiter `--boundary--`. @fastify/multipart ends the parts
 * quietly when the body stops before it ("Unexpected end of multipart data"): a form cut between
 * two parts would otherwise look complete with fields missing.
 */
function watchClosingDelimiter(request: FastifyRequest): { seen(): boolean; stop(): void } {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(request.headers['content-type'] ?? '');
  const delimiter = boundary ? Buffer.from(`--${boundary[1] ?? boundary[2]}--`) : null;
  let found = delimiter === null;
  let tail = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    if (found || !delimiter) return;
    const window = Buffer.concat([tail, chunk]);
    found = window.includes(delimiter);
    tail = window.subarray(Math.max(0, window.length - delimiter.length));
  };
  request.raw.on('data', onData);
  return { seen: () => found, stop: () => request.raw.off('data', onData) };
}

async function readParts(
  request: FastifyRequest,
  imageFields: readonly string[],
  limits: MultipartLimits,
  account: (bytes: number) => void,
): Promise<ParsedForm> {
  // No prototype: a field named "constructor" or "toString" is just a field.
  const form: ParsedForm = { text: Object.create(null) as Record<string, string>, images: Object.create(null) as Record<string, Buffer> };
  const seen = new Set<string>();
  // Files are limited like any part: a field sent twice is named as such by the loop, not by busboy's file count.
  const stream = request.parts({
    limits: {
      fileSize: limits.maxImageBytes,
      fieldSize: maxBase64Chars(limits.maxImageBytes),
      parts: MAX_FORM_PARTS,
      files: MAX_FORM_PARTS,
    },
  });
  const parts = stream[Symbol.asyncIterator]();
  // The first next() pipes the request into busboy synchronously: only then may another reader listen, or data would flow to no one.
  const first = parts.next();
  const closing = watchClosingDelimiter(request);
  try {
    await collectParts(first, parts, form, seen, imageFields, limits, account);
  } finally {
    closing.stop();
  }
  if (!closing.seen()) throw incomplete();
  return form;
}

async function collectParts(
  first: Promise<IteratorResult<Multipart>>,
  parts: AsyncIterator<Multipart>,
  form: ParsedForm,
  seen: Set<string>,
  imageFields: readonly string[],
  limits: MultipartLimits,
  account: (bytes: number) => void,
): Promise<void> {
  let drained = 0;
  for (let step = await first; !step.done; step = await parts.next()) {
    const part = step.value;
    account(drained);
    drained = 0;
    const name = part.fieldname;
    if (!FIELD_NAME.test(name)) {
      throw DomainError.invalid('A form field has a name that is not accepted (use up to 100 letters, digits, "_", "-", "." or brackets)');
    }
    if (seen.has(name)) throw DomainError.invalid(`${name}: sent more than once`, { field: name });
    seen.add(name);
    const isImage = imageFields.includes(name);

    if (part.type === 'file') {
      if (!isImage) {
        part.file.on('data', (chunk: Buffer) => (drained += chunk.length));
        part.file.resume();
        continue;
      }
      const bytes = await part.toBuffer();
      account(bytes.length);
      if (part.file.truncated) throw tooLarge(name, limits.maxImageBytes);
      if (bytes.length === 0) throw DomainError.invalid(`${name}: the uploaded file is empty`, { field: name });
      form.images[name] = bytes;
      continue;
    }

    const value = typeof part.value === 'string' ? part.value : String(part.value);
    account(value.length);
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
  account(drained);
}

function incomplete(): DomainError {
  return DomainError.invalid('The multipart body is malformed or incomplete (no boundary, or cut before its closing boundary)');
}

function tooLarge(field: string, max: number): DomainError {
  return DomainError.invalid(`${field}: larger than ${sizeText(max)}`, { field });
}

/**
 * @fastify/multipart and busboy report limits and malformed bodies with their own errors. Anything
 * else that breaks the stream of a request (cut before its closing boundary, a part terminated
 * early, a premature close) is the body's fault, never ours.
 */
function translateMultipartError(error: unknown, maxImageBytes: number): DomainError {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: string }).code;
  const part = (error as { part?: { fieldname?: string } }).part?.fieldname;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return part && FIELD_NAME.test(part)
        ? tooLarge(part, maxImageBytes)
        : DomainError.invalid(`An image is larger than ${sizeText(maxImageBytes)}`);
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return DomainError.invalid(`The form has more than ${MAX_FORM_PARTS} parts`);
    case 'FST_PROTO_VIOLATION':
      return DomainError.invalid(
        'A form field is named like a built-in object property (__proto__, constructor, toString, …); that name is not accepted',
      );
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return DomainError.invalid('A form field declared as application/json does not hold valid JSON');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return DomainError.invalid('Send the request as multipart/form-data (file parts or base64 string fields)');
    default:
      return incomplete();
  }
}
