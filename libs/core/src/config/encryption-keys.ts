/** One AES-256 key of the biometric keyring, named so envelopes can say which key sealed them. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export const ENCRYPTION_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses `BIOMETRIC_ENCRYPTION_KEYS` (`id1:base64key,id2:base64key`). Pure, so the environment
 * validation can name a bad value; throws an Error saying what is wrong without echoing key material.
 */
export function parseEncryptionKeys(spec: string): EncryptionKey[] {
  const keys: EncryptionKey[] = [];
  for (const entry of spec
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)) {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    const encoded = separator > 0 ? entry.slice(separator + 1).trim() : '';
    if (!KEY_ID.test(id))
      throw new Error(`each key must be "id:base64key" with an id of letters, digits, ".", "_" or "-" (entry ${keys.length + 1})`);
    if (!BASE64.test(encoded)) throw new Error(`key "${id}" is not base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== ENCRYPTION_KEY_BYTES)
      throw new Error(`key "${id}" must decode to ${ENCRYPTION_KEY_BYTES} bytes (AES-256), got ${key.length}`);
    if (keys.some((existing) => existing.id === id)) throw new Error(`key id "${id}" appears twice`);
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new Error('no key given');
  return keys;
}

/**
 * The active key id: `BIOMETRIC_ENCRYPTION_KEY_ID`, which must name a configured key; it may be
 * left out when exactly one key is configured.
 */
export function resolveActiveKeyId(keys: EncryptionKey[], activeKeyId: string | undefined): string {
  if (activeKeyId === undefined) {
    if (keys.length === 1) return keys[0].id;
    throw new Error('BIOMETRIC_ENCRYPTION_KEY_ID is required when several keys are configured');
  }
  if (!keys.some((key) => key.id === activeKeyId)) {
    throw new Error(
      `BIOMETRIC_ENCRYPTION_KEY_ID "${activeKeyId}" is not one of the configured keys (${keys.map((key) => key.id).join(', ')})`,
    );
  }
  return activeKeyId;
}
