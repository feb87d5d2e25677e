import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelopeKeyId } from './envelope';
import { DEVELOPMENT_KEY_FILE, loadBiometricCipher } from './keyring';

describe('loadBiometricCipher', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kyc-keyring-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the configured keys and the active id', async () => {
    const keys = `old:${randomBytes(32).toString('base64')}, new:${randomBytes(32).toString('base64')}`;
    const cipher = await loadBiometricCipher({ nodeEnv: 'production', storageDir: dir, keys, activeKeyId: 'new' });
    expect(cipher.keyIds).toEqual(['old', 'new']);
    expect(envelopeKeyId(cipher.seal(Buffer.from('x')))).toBe('new');
  });

  it('in development, generates an owner-only key once under the storage folder, says so, and reuses it', async () => {
    const told: string[] = [];
    const first = await loadBiometricCipher({ nodeEnv: 'development', storageDir: dir }, (file) => told.push(file));
    const second = await loadBiometricCipher({ nodeEnv: 'development', storageDir: dir });
    const file = join(dir, DEVELOPMENT_KEY_FILE);
    expect(told).toEqual([file]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^dev:[A-Za-z0-9+/]+=*\n$/);
    expect(second.open(first.seal(Buffer.from('face'))).toString()).toBe('face');
  });

  it('refuses to run in production without keys', async () => {
    await expect(loadBiometricCipher({ nodeEnv: 'production', storageDir: dir })).rejects.toThrow(/required in production/);
  });
});
