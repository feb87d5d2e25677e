import { BiometricCipher, envelopeKeyId } from './envelope';

/**
 * Organization secrets at rest (`webhook_secret`, `renaper_password`): the biometric envelope
 * (AES-256-GCM, key id in the header) as base64 text behind a prefix, in the same text columns.
 * Same keyring, same rotation (`storage:reencrypt`). A value without the prefix is a secret written
 * before sealing existed: it still works, and start-up and `storage:reencrypt` seal it.
 */
const PREFIX = 'kyce1:';

export function isSealedSecret(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export class SecretSealer {
  constructor(private readonly cipher: BiometricCipher) {}

  get activeKeyId(): string {
    return this.cipher.activeKeyId;
  }

  seal(plain: string): string {
    return PREFIX + this.cipher.seal(Buffer.from(plain, 'utf8')).toString('base64');
  }

  /** The secret in clear; a legacy plaintext value is returned as it is. Throws when it cannot be decrypted. */
  open(stored: string): string {
    if (!isSealedSecret(stored)) return stored;
    return this.cipher.open(Buffer.from(stored.slice(PREFIX.length), 'base64')).toString('utf8');
  }

  /** Null when `stored` is sealed under the active key already; else the value re-sealed (plaintext sealed, older key rotated). */
  reseal(stored: string): { sealed: string; was: 'plaintext' | 'rotated' } | null {
    if (!isSealedSecret(stored)) return { sealed: this.seal(stored), was: 'plaintext' };
    if (envelopeKeyId(Buffer.from(stored.slice(PREFIX.length), 'base64')) === this.cipher.activeKeyId) return null;
    return { sealed: this.seal(this.open(stored)), was: 'rotated' };
  }
}

/** A secret column of one settings row, as the repository pages through them. */
export interface StoredSecret {
  organizationId: string;
  field: 'webhookSecret' | 'renaperPassword';
  value: string;
}

/** The two repository methods sealing needs (kept structural: storage does not depend on audit). */
export interface SecretTable {
  findStoredSecretsAfter(afterOrganizationId: string | null, limit: number): Promise<{ organizationId: string; secrets: StoredSecret[] }[]>;
  /** Compare-and-set: replaces the value only if it is still `expected` (a concurrent PATCH wins). */
  replaceStoredSecret(secret: StoredSecret, expected: string): Promise<boolean>;
}

export interface SecretSealingCounts {
  sealed: number;
  rotated: number;
  current: number;
  failed: number;
}

/**
 * Seals every plaintext secret and, with `rotate`, moves those under an older key to the active
 * one. Idempotent; one unreadable secret (its key no longer configured) is reported, not fatal.
 */
export async function sealStoredSecrets(
  table: SecretTable,
  sealer: SecretSealer,
  options: { rotate: boolean; report?: (organizationId: string, error: Error) => void },
): Promise<SecretSealingCounts> {
  const counts: SecretSealingCounts = { sealed: 0, rotated: 0, current: 0, failed: 0 };
  for (let after: string | null = null; ;) {
    const page = await table.findStoredSecretsAfter(after, 200);
    if (page.length === 0) return counts;
    for (const row of page) {
      for (const secret of row.secrets) {
        try {
          if (!options.rotate && isSealedSecret(secret.value)) {
            counts.current += 1;
            continue;
          }
          const next = sealer.reseal(secret.value);
          if (next === null) counts.current += 1;
          else if (await table.replaceStoredSecret({ ...secret, value: next.sealed }, secret.value))
            counts[next.was === 'plaintext' ? 'sealed' : 'rotated'] += 1;
        } catch (error) {
          counts.failed += 1;
          options.report?.(secret.organizationId, error as Error);
        }
      }
    }
    after = page[page.length - 1].organizationId;
  }
}
