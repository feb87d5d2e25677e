import { decodeBase64Image } from './base64-image';

const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xfe]);
const b64 = bytes.toString('base64');

describe('decodeBase64Image', () => {
  it('decodes plain base64', () => {
    expect(decodeBase64Image(b64)).toEqual({ ok: true, bytes });
  });

  it('strips a data URL prefix and whitespace anywhere', () => {
    const wrapped = `data:image/jpeg;base64,${b64.slice(0, 4)}\n ${b64.slice(4, 9)}\r\n\t${b64.slice(9)}  `;
    expect(decodeBase64Image(wrapped)).toEqual({ ok: true, bytes });
  });

  it('accepts the URL-safe alphabet and missing padding', () => {
    const urlSafe = Buffer.from([0xfb, 0xff, 0xbf, 0x3e]).toString('base64url');
    const result = decodeBase64Image(urlSafe);
    expect(result).toEqual({ ok: true, bytes: Buffer.from([0xfb, 0xff, 0xbf, 0x3e]) });
  });

  it.each([
    ['', 'is empty'],
    ['data:image/png;base64,', 'is empty'],
    ['not base64 at all!', 'is neither an uploaded file nor a valid base64 string'],
    ['abcde', 'is neither an uploaded file nor a valid base64 string'],
    ['ab=cd', 'is neither an uploaded file nor a valid base64 string'],
  ])('refuses %j', (input, reason) => {
    expect(decodeBase64Image(input)).toEqual({ ok: false, reason });
  });
});
