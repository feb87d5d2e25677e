import { FastifyReply } from 'fastify';
import { sniffImageFormat } from '@app/face';

const CONTENT_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', tiff: 'image/tiff' } as const;

/** The content type of stored image bytes, from their magic numbers (a path's extension may be absent or wrong). */
function imageContentType(bytes: Buffer): string {
  const format = sniffImageFormat(bytes);
  return format ? CONTENT_TYPES[format] : 'application/octet-stream';
}

/** Answers with a stored image: its own content type, and never kept by a shared cache (it is biometric data). */
export async function sendStoredImage(reply: FastifyReply, bytes: Buffer): Promise<void> {
  await reply.header('content-type', imageContentType(bytes)).header('cache-control', 'private, no-store').send(bytes);
}
