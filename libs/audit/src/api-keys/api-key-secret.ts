import { createHash, randomBytes } from 'node:crypto';

const API_KEY_PREFIX = 'kyc_';
/** 30 random bytes = 240 bits, 40 base64url characters. */
const API_KEY_RANDOM_BYTES = 30;
/** `kyc_` and 8 random characters: enough to tell keys apart, far too little to guess one. */
export const API_KEY_DISPLAY_PREFIX_LENGTH = 12;

/** A new plaintext API key, `kyc_` + 40 base64url characters. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(API_KEY_RANDOM_BYTES).toString('base64url');
}

/**
 * sha256 hex of the whole key. A plain fast hash is enough (no salt, no bcrypt): the key carries
 * 240 random bits, so the hash cannot be brute-forced, and lookups stay one indexed equality.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_DISPLAY_PREFIX_LENGTH);
}
