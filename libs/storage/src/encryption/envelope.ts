import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EncryptionKey } from '@app/core';

/**
 * The at-rest envelope of biometric data (face images, face templates):
 *
 *   magic "KYCE" (4) | version 0x01 (1) | key id length (1) | key id (utf-8) | IV (12) | GCM tag (16) | ciphertext
 *
 * AES-256-GCM. The header (magic to key id) is the additional authenticated data, so a key id that
 * was edited fails authentication instead of selecting another key. The magic cannot start a JPEG,
 * PNG, WebP or TIFF, so files written before encryption existed are told apart by their first bytes.
 */
const MAGIC = Buffer.from('KYCE', 'ascii');
const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Data that cannot be decrypted: unknown key, wrong key, tampering, truncation. Never swallowed. */
export class BiometricDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BiometricDecryptionError';
  }
}

/** True when the bytes start with the envelope's magic (they may still be corrupt). */
export function isEnvelope(bytes: Buffer): boolean {
  return bytes.length >= MAGIC.length && bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

interface ParsedEnvelope {
  keyId: string;
  header: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parse(bytes: Buffer): ParsedEnvelope {
  if (!isEnvelope(bytes)) throw new BiometricDecryptionError('Not an encrypted envelope (no magic)');
  const version = bytes[MAGIC.length];
  if (version !== VERSION) throw new BiometricDecryptionError(`Unsupported envelope version ${version ?? 'missing'}`);
  const idLength = bytes[MAGIC.length + 1] ?? 0;
  const headerEnd = MAGIC.length + 2 + idLength;
  if (idLength === 0 || bytes.length < headerEnd + IV_BYTES + TAG_BYTES) throw new BiometricDecryptionError('Truncated envelope');
  const ivEnd = headerEnd + IV_BYTES;
  return {
    keyId: bytes.subarray(MAGIC.length + 2, headerEnd).toString('utf8'),
    header: bytes.subarray(0, headerEnd),
    iv: bytes.subarray(headerEnd, ivEnd),
    tag: bytes.subarray(ivEnd, ivEnd + TAG_BYTES),
    ciphertext: bytes.subarray(ivEnd + TAG_BYTES),
  };
}

/** The key id an envelope was sealed with. */
export function envelopeKeyId(bytes: Buffer): string {
  return parse(bytes).keyId;
}

/**
 * Seals and opens envelopes with a keyring: new data under the active key, old data under any
 * configured key (rotation: add the new key, make it active, run `storage:reencrypt`, drop the old).
 */
export class BiometricCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: EncryptionKey[],
    readonly activeKeyId: string,
  ) {
    this.keys = new Map(keys.map((entry) => [entry.id, entry.key]));
    if (!this.keys.has(activeKeyId)) throw new Error(`The active encryption key "${activeKeyId}" is not configured`);
    for (const [id, key] of this.keys) {
      if (key.length !== 32) throw new Error(`Encryption key "${id}" is not 32 bytes`);
      if (Buffer.byteLength(id) > 255) throw new Error(`Encryption key id "${id}" is too long`);
    }
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  seal(plaintext: Buffer): Buffer {
    const keyId = Buffer.from(this.activeKeyId, 'utf8');
    const header = Buffer.concat([MAGIC, Buffer.from([VERSION, keyId.length]), keyId]);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId) as Buffer, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(header);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
  }

  open(envelope: Buffer): Buffer {
    const parsed = parse(envelope);
    const key = this.keys.get(parsed.keyId);
    if (!key) {
      throw new BiometricDecryptionError(
        `Encrypted with key "${parsed.keyId}", which is not configured (BIOMETRIC_ENCRYPTION_KEYS has: ${this.keyIds.join(', ')})`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(parsed.header);
    decipher.setAuthTag(parsed.tag);
    try {
      return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]);
    } catch {
      throw new BiometricDecryptionError(`Authentication failed under key "${parsed.keyId}": the key is wrong or the data was altered`);
    }
  }

  /** A face template (or any JSON value, e.g. float vectors) sealed in the same envelope, for a bytea column. */
  sealJson(value: unknown): Buffer {
    return this.seal(Buffer.from(JSON.stringify(value), 'utf8'));
  }

  openJson<T>(envelope: Buffer): T {
    return JSON.parse(this.open(envelope).toString('utf8')) as T;
  }
}
