import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ENCRYPTION_KEY_BYTES, EncryptionKey, parseEncryptionKeys, resolveActiveKeyId } from '@app/core';
import { BiometricCipher } from './envelope';

export interface KeyringSettings {
  nodeEnv: 'development' | 'production' | 'test';
  storageDir: string;
  /** `BIOMETRIC_ENCRYPTION_KEYS`, unparsed; undefined when not configured. */
  keys?: string;
  activeKeyId?: string;
}

/** Outside the images' `organizations/` tree, so no storage path can name it. */
export const DEVELOPMENT_KEY_FILE = 'keys/development-biometric.key';
const DEVELOPMENT_KEY_ID = 'dev';

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

/** Reads the development key, creating it (owner-only) on first use. */
async function developmentKey(storageDir: string): Promise<EncryptionKey> {
  const file = resolve(join(storageDir, DEVELOPMENT_KEY_FILE));
  try {
    return parseEncryptionKeys((await readFile(file, 'utf8')).trim())[0];
  } catch (error) {
    if (!isMissing(error)) throw new Error(`The development encryption key ${file} is unreadable: ${(error as Error).message}`);
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(ENCRYPTION_KEY_BYTES);
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(`${DEVELOPMENT_KEY_ID}:${key.toString('base64')}\n`);
    } finally {
      await handle.close();
    }
    return { id: DEVELOPMENT_KEY_ID, key };
  } catch (error) {
    // Another process (API and worker starting together) created it first: use theirs.
    if ((error as { code?: unknown }).code === 'EEXIST') return parseEncryptionKeys((await readFile(file, 'utf8')).trim())[0];
    throw error;
  }
}

/**
 * The cipher of the configured keys. Without `BIOMETRIC_ENCRYPTION_KEYS`, production refuses to
 * start (the environment validation already says so) and development and tests use a key generated
 * once under `STORAGE_DIR`, which `onDevelopmentKey` is told about so it can be logged.
 */
export async function loadBiometricCipher(settings: KeyringSettings, onDevelopmentKey?: (file: string) => void): Promise<BiometricCipher> {
  if (settings.keys !== undefined) {
    const keys = parseEncryptionKeys(settings.keys);
    return new BiometricCipher(keys, resolveActiveKeyId(keys, settings.activeKeyId));
  }
  if (settings.nodeEnv === 'production') throw new Error('BIOMETRIC_ENCRYPTION_KEYS is required in production');
  const key = await developmentKey(settings.storageDir);
  onDevelopmentKey?.(resolve(join(settings.storageDir, DEVELOPMENT_KEY_FILE)));
  return new BiometricCipher([key], key.id);
}
