/** The content type of stored image bytes, from their magic numbers (paths carry no extension). */
export function sniffImageContentType(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === '\x89PNG') return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (['II*\x00', 'MM\x00*'].includes(bytes.subarray(0, 4).toString('latin1'))) return 'image/tiff';
  return 'application/octet-stream';
}
