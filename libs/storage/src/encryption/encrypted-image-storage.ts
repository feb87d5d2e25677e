import { ImageStorage, StorageProvider } from '../image-storage';
import { BiometricCipher, envelopeKeyId, isEnvelope } from './envelope';

/** What `reencrypt` did to one stored image. */
export type ReencryptOutcome = 'encrypted' | 'rotated' | 'current' | 'missing';

/**
 * Every image written is sealed under the active key and every image read is opened, whatever the
 * provider underneath. Images stored before encryption existed (no envelope magic) are still
 * returned as they are, until `storage:reencrypt` seals them. A file that carries the magic but
 * cannot be opened throws `BiometricDecryptionError`: never garbage bytes.
 */
export class EncryptedImageStorage implements ImageStorage {
  constructor(
    private readonly inner: ImageStorage,
    private readonly cipher: BiometricCipher,
  ) {}

  get provider() {
    return this.inner.provider;
  }

  get activeKeyId(): string {
    return this.cipher.activeKeyId;
  }

  put(path: string, bytes: Buffer): Promise<void> {
    return this.inner.put(path, this.cipher.seal(bytes));
  }

  async get(path: string): Promise<Buffer | null> {
    const stored = await this.inner.get(path);
    if (stored === null) return null;
    return isEnvelope(stored) ? this.cipher.open(stored) : stored;
  }

  delete(path: string): Promise<void> {
    return this.inner.delete(path);
  }

  /** The same sealing over the storage of a record's provider (see `ImageStorage.forProvider`). */
  forProvider(provider: StorageProvider): EncryptedImageStorage {
    return provider === this.provider ? this : new EncryptedImageStorage(this.inner.forProvider(provider), this.cipher);
  }

  /** Seals a plaintext image, or re-seals one under an older key, with the active key. Idempotent. */
  async reencrypt(path: string): Promise<ReencryptOutcome> {
    const stored = await this.inner.get(path);
    if (stored === null) return 'missing';
    if (!isEnvelope(stored)) {
      await this.inner.put(path, this.cipher.seal(stored));
      return 'encrypted';
    }
    if (envelopeKeyId(stored) === this.cipher.activeKeyId) return 'current';
    await this.inner.put(path, this.cipher.seal(this.cipher.open(stored)));
    return 'rotated';
  }
}
