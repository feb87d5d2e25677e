import { sniffImageFormat } from './image-format';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('sniffImageFormat', () => {
  it('recognises each accepted format by its magic bytes', () => {
    expect(sniffImageFormat(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('jpeg');
    expect(sniffImageFormat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('png');
    expect(sniffImageFormat(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffImageFormat(bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0))).toBe('tiff');
    expect(sniffImageFormat(bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8))).toBe('tiff');
  });

  it('refuses other formats, near misses and inputs shorter than a signature', () => {
    expect(sniffImageFormat(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffImageFormat(Buffer.from('BM......'))).toBeNull();
    expect(sniffImageFormat(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
    expect(sniffImageFormat(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(sniffImageFormat(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffImageFormat(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(sniffImageFormat(bytes())).toBeNull();
  });
});
