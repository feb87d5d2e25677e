import { randomBytes } from 'node:crypto';
import { BiometricCipher, BiometricDecryptionError, envelopeKeyId, isEnvelope } from './envelope';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(256)]);

describe('BiometricCipher envelope', () => {
  it('round-trips bytes, and the envelope is neither the plaintext nor contains it', () => {
    const cipher = new BiometricCipher([keyA], 'a');
    const sealed = cipher.seal(jpeg);
    expect(isEnvelope(sealed)).toBe(true);
    expect(envelopeKeyId(sealed)).toBe('a');
    expect(sealed.includes(jpeg.subarray(0, 32))).toBe(false);
    expect(sealed.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(false);
    expect(cipher.open(sealed).equals(jpeg)).toBe(true);
  });

  it('uses a fresh IV each time, so the same image never seals to the same bytes', () => {
    const cipher = new BiometricCipher([keyA], 'a');
    expect(cipher.seal(jpeg).equals(cipher.seal(jpeg))).toBe(false);
  });

  it.each([
    ['the ciphertext', (sealed: Buffer) => sealed.length - 1],
    ['the tag', (sealed: Buffer) => sealed.length - jpeg.length - 1],
    ['the IV', (sealed: Buffer) => sealed.length - jpeg.length - 16 - 1],
  ])('refuses an envelope whose %s was altered', (_, position) => {
    const cipher = new BiometricCipher([keyA], 'a');
    const sealed = cipher.seal(jpeg);
    sealed[position(sealed)] ^= 0x01;
    expect(() => cipher.open(sealed)).toThrow(BiometricDecryptionError);
    expect(() => cipher.open(sealed)).toThrow(/key is wrong or the data was altered/);
  });

  it('refuses an envelope whose key id was edited to name another configured key', () => {
    const both = new BiometricCipher([keyA, { id: 'b', key: keyA.key }], 'a');
    const sealed = both.seal(jpeg);
    sealed[6] = 'b'.charCodeAt(0);
    expect(() => both.open(sealed)).toThrow(BiometricDecryptionError);
  });

  it('fails loudly under the wrong key with the same id', () => {
    const sealed = new BiometricCipher([keyA], 'a').seal(jpeg);
    const wrong = new BiometricCipher([{ id: 'a', key: randomBytes(32) }], 'a');
    expect(() => wrong.open(sealed)).toThrow(/Authentication failed under key "a"/);
  });

  it('fails loudly naming a key id that is not configured', () => {
    const sealed = new BiometricCipher([keyA], 'a').seal(jpeg);
    expect(() => new BiometricCipher([keyB], 'b').open(sealed)).toThrow(/key "a", which is not configured .*: b\)/);
  });

  it('refuses truncated data and unknown versions', () => {
    const cipher = new BiometricCipher([keyA], 'a');
    const sealed = cipher.seal(jpeg);
    expect(() => cipher.open(sealed.subarray(0, 20))).toThrow(/Truncated/);
    const future = Buffer.from(sealed);
    future[4] = 9;
    expect(() => cipher.open(future)).toThrow(/version 9/);
    expect(() => cipher.open(jpeg)).toThrow(/no magic/);
  });

  it('rotates: with both keys it reads data sealed under the old key and seals under the new one', () => {
    const old = new BiometricCipher([keyA], 'a').seal(jpeg);
    const rotated = new BiometricCipher([keyA, keyB], 'b');
    expect(rotated.open(old).equals(jpeg)).toBe(true);
    const resealed = rotated.seal(rotated.open(old));
    expect(envelopeKeyId(resealed)).toBe('b');
    expect(new BiometricCipher([keyB], 'b').open(resealed).equals(jpeg)).toBe(true);
  });

  it('seals a face template (JSON of float vectors) in the same envelope', () => {
    const cipher = new BiometricCipher([keyA], 'a');
    const template = {
      model: 'fr',
      vectors: [
        [0.125, -0.5, 0.75],
        [1e-7, 0.3333333333333333],
      ],
    };
    const sealed = cipher.sealJson(template);
    expect(sealed.toString('latin1')).not.toContain('vectors');
    expect(cipher.openJson(sealed)).toEqual(template);
  });

  it('refuses an active key id that is not configured, and keys that are not 32 bytes', () => {
    expect(() => new BiometricCipher([keyA], 'b')).toThrow(/"b" is not configured/);
    expect(() => new BiometricCipher([{ id: 'short', key: randomBytes(16) }], 'short')).toThrow(/32 bytes/);
  });
});
