import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalImageStorage } from '../local-image-storage';
import { EncryptedImageStorage } from './encrypted-image-storage';
import { BiometricCipher, BiometricDecryptionError, envelopeKeyId } from './envelope';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };
const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(512)]);

describe('EncryptedImageStorage', () => {
  let root: string;
  let local: LocalImageStorage;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kyc-encrypted-'));
    local = new LocalImageStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const encrypted = (keys = [keyA], active = 'a') => new EncryptedImageStorage(local, new BiometricCipher(keys, active));

  it('writes ciphertext to disk and reads the original bytes back', async () => {
    const storage = encrypted();
    await storage.put('o/v/selfie.jpg', image);
    const onDisk = readFileSync(join(root, 'o/v/selfie.jpg'));
    expect(onDisk.equals(image)).toBe(false);
    expect(onDisk.includes(image.subarray(0, 3))).toBe(false);
    await expect(storage.get('o/v/selfie.jpg')).resolves.toEqual(image);
    expect(storage.provider).toBe('local');
  });

  it('still reads images written before encryption existed', async () => {
    await local.put('o/v/document.jpg', image);
    await expect(encrypted().get('o/v/document.jpg')).resolves.toEqual(image);
  });

  it('fails loudly, never with garbage bytes, when the configured key is wrong', async () => {
    await encrypted().put('o/v/selfie.jpg', image);
    await expect(encrypted([{ id: 'a', key: randomBytes(32) }]).get('o/v/selfie.jpg')).rejects.toThrow(BiometricDecryptionError);
    await expect(encrypted([keyB], 'b').get('o/v/selfie.jpg')).rejects.toThrow(/key "a", which is not configured/);
  });

  it('re-encrypts plaintext and older keys under the active key, idempotently', async () => {
    await local.put('plain.jpg', image);
    await encrypted().put('old.jpg', image);
    const rotated = encrypted([keyA, keyB], 'b');

    await expect(rotated.reencrypt('plain.jpg')).resolves.toBe('encrypted');
    await expect(rotated.reencrypt('old.jpg')).resolves.toBe('rotated');
    await expect(rotated.reencrypt('plain.jpg')).resolves.toBe('current');
    await expect(rotated.reencrypt('old.jpg')).resolves.toBe('current');
    await expect(rotated.reencrypt('gone.jpg')).resolves.toBe('missing');

    for (const path of ['plain.jpg', 'old.jpg']) {
      expect(envelopeKeyId(readFileSync(join(root, path)))).toBe('b');
      await expect(encrypted([keyB], 'b').get(path)).resolves.toEqual(image);
    }
  });

  it('deletes through to the inner storage', async () => {
    const storage = encrypted();
    await storage.put('x.jpg', image);
    await storage.delete('x.jpg');
    await expect(storage.get('x.jpg')).resolves.toBeNull();
  });
});
