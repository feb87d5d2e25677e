import { randomBytes } from 'node:crypto';
import { BiometricCipher, envelopeKeyId } from './envelope';
import { isSealedSecret, SecretSealer, SecretTable, sealStoredSecrets, StoredSecret } from './sealed-secret';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };

/** An in-memory settings table paging by organization id like the SQL does, with the same compare-and-set. */
function table(rows: Map<string, Partial<Record<StoredSecret['field'], string>>>): SecretTable {
  return {
    findStoredSecretsAfter(after, limit) {
      return Promise.resolve(
        [...rows.keys()]
          .sort()
          .filter((id) => after === null || id > after)
          .slice(0, limit)
          .map((organizationId) => ({
            organizationId,
            secrets: Object.entries(rows.get(organizationId) ?? {}).map(([field, value]) => ({
              organizationId,
              field: field as StoredSecret['field'],
              value,
            })),
          })),
      );
    },
    replaceStoredSecret(secret, expected) {
      const row = rows.get(secret.organizationId);
      if (!row || row[secret.field] !== expected) return Promise.resolve(false);
      row[secret.field] = secret.value;
      return Promise.resolve(true);
    },
  };
}

describe('SecretSealer', () => {
  it('seals a secret into text that holds no trace of it, and opens it again', () => {
    const sealer = new SecretSealer(new BiometricCipher([keyA], 'a'));
    const sealed = sealer.seal('my-webhook-secret-123');
    expect(isSealedSecret(sealed)).toBe(true);
    expect(sealed).not.toContain('my-webhook-secret-123');
    expect(sealer.seal('my-webhook-secret-123')).not.toBe(sealed); // a fresh IV every time
    expect(sealer.open(sealed)).toBe('my-webhook-secret-123');
  });

  it('reads a legacy plaintext secret as it is, and refuses a sealed one whose key is gone', () => {
    const sealer = new SecretSealer(new BiometricCipher([keyA], 'a'));
    expect(sealer.open('written-before-sealing')).toBe('written-before-sealing');
    const foreign = new SecretSealer(new BiometricCipher([{ id: 'x', key: randomBytes(32) }], 'x')).seal('s');
    expect(() => sealer.open(foreign)).toThrow(/key "x"/);
  });
});

describe('sealStoredSecrets', () => {
  it('seals plaintext, rotates older keys to the active one when asked, leaves current ones, and reports unreadable ones', async () => {
    const underA = new SecretSealer(new BiometricCipher([keyA], 'a'));
    const both = new SecretSealer(new BiometricCipher([keyA, keyB], 'b'));
    const foreign = new SecretSealer(new BiometricCipher([{ id: 'x', key: randomBytes(32) }], 'x'));
    const rows = new Map<string, Partial<Record<StoredSecret['field'], string>>>();
    for (let i = 0; i < 250; i++) rows.set(`org-${String(i).padStart(3, '0')}`, { webhookSecret: underA.seal(`secret-${i}`) });
    rows.set('org-900', { webhookSecret: 'plain-webhook-secret', renaperPassword: 'plain-password' });
    rows.set('org-901', { renaperPassword: both.seal('current') });
    rows.set('org-902', { webhookSecret: foreign.seal('lost') });
    const failures: string[] = [];

    expect(await sealStoredSecrets(table(rows), both, { rotate: false })).toEqual({ sealed: 2, rotated: 0, current: 252, failed: 0 });
    expect(rows.get('org-900')?.webhookSecret).not.toContain('plain');
    expect(both.open(rows.get('org-900')?.renaperPassword as string)).toBe('plain-password');

    const counts = await sealStoredSecrets(table(rows), both, { rotate: true, report: (id) => failures.push(id) });
    expect(counts).toEqual({ sealed: 0, rotated: 250, current: 3, failed: 1 });
    expect(failures).toEqual(['org-902']);
    const rotated = rows.get('org-042')?.webhookSecret as string;
    expect(envelopeKeyId(Buffer.from(rotated.slice('kyce1:'.length), 'base64'))).toBe('b');
    expect(both.open(rotated)).toBe('secret-42');
    expect(await sealStoredSecrets(table(rows), both, { rotate: true })).toEqual({ sealed: 0, rotated: 0, current: 253, failed: 1 });
  });

  it('never overwrites a secret changed meanwhile (compare-and-set)', async () => {
    const sealer = new SecretSealer(new BiometricCipher([keyA], 'a'));
    const rows = new Map([['org-1', { webhookSecret: 'old-plain' }]]);
    const racing = table(rows);
    const patched: SecretTable = {
      findStoredSecretsAfter: (after, limit) => racing.findStoredSecretsAfter(after, limit),
      async replaceStoredSecret(secret, expected) {
        rows.set('org-1', { webhookSecret: sealer.seal('set-by-an-admin-meanwhile') });
        return racing.replaceStoredSecret(secret, expected);
      },
    };
    expect(await sealStoredSecrets(patched, sealer, { rotate: false })).toEqual({ sealed: 0, rotated: 0, current: 0, failed: 0 });
    expect(sealer.open(rows.get('org-1')?.webhookSecret as string)).toBe('set-by-an-admin-meanwhile');
  });
});
