const DATA_URL_PREFIX = /^data:image\/[a-z0-9.+-]+;base64,/i;
const BASE64_BODY = /^[A-Za-z0-9+/_-]*={0,2}$/;

export type Base64Result = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/**
 * Decodes an image sent as a base64 string: an optional `data:image/...;base64,` prefix, standard or
 * URL-safe alphabet, whitespace and line breaks anywhere. Refuses anything else instead of letting
 * Node's lenient decoder turn garbage into bytes.
 */
export function decodeBase64Image(value: string): Base64Result {
  const body = value.trim().replace(DATA_URL_PREFIX, '').replace(/\s+/g, '');
  if (body.length === 0) return { ok: false, reason: 'is empty' };
  if (!BASE64_BODY.test(body) || body.replace(/=+$/, '').length % 4 === 1) {
    return { ok: false, reason: 'is neither an uploaded file nor a valid base64 string' };
  }
  const bytes = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length === 0) return { ok: false, reason: 'is empty' };
  return { ok: true, bytes };
}
