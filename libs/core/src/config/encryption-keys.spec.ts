import { randomBytes } from 'node:crypto';
import { loadEnvironment } from './environment';
import { parseEncryptionKeys, resolveActiveKeyId } from './encryption-keys';

const key = () => randomBytes(32).toString('base64');

describe('biometric encryption keys', () => {
  it('parses "id:base64key" lists', () => {
    const keys = parseEncryptionKeys(`k1:${key()}, k2:${key()}`);
    expect(keys.map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(keys.every((k) => k.key.length === 32)).toBe(true);
  });

  it.each([
    ['no id', `:${key()}`, /id:base64key/],
    ['a short key', `k1:${randomBytes(16).toString('base64')}`, /32 bytes/],
    ['not base64', 'k1:not*base64', /not base64/],
    ['a repeated id', `k1:${key()},k1:${key()}`, /twice/],
    ['nothing', ' , ', /no key/],
  ])('refuses %s', (_, spec, message) => {
    expect(() => parseEncryptionKeys(spec)).toThrow(message);
  });

  it('picks the only key as active, and needs an explicit id that exists when there are several', () => {
    const one = parseEncryptionKeys(`k1:${key()}`);
    const two = parseEncryptionKeys(`k1:${key()},k2:${key()}`);
    expect(resolveActiveKeyId(one, undefined)).toBe('k1');
    expect(resolveActiveKeyId(two, 'k2')).toBe('k2');
    expect(() => resolveActiveKeyId(two, undefined)).toThrow(/required/);
    expect(() => resolveActiveKeyId(two, 'k3')).toThrow(/not one of the configured keys \(k1, k2\)/);
  });

  it('the environment refuses production without keys, and a bad key without echoing it', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' })).toThrow(/BIOMETRIC_ENCRYPTION_KEYS: required in production/);
    expect(() => loadEnvironment({ NODE_ENV: 'development' })).not.toThrow();
    const secret = randomBytes(16).toString('base64');
    let message = '';
    try {
      loadEnvironment({ BIOMETRIC_ENCRYPTION_KEYS: `k1:${secret}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/BIOMETRIC_ENCRYPTION_KEYS: key "k1" must decode to 32 bytes/);
    expect(message).not.toContain(secret);
    expect(() => loadEnvironment({ BIOMETRIC_ENCRYPTION_KEY_ID: 'k1' })).toThrow(/set without BIOMETRIC_ENCRYPTION_KEYS/);
    expect(
      loadEnvironment({ NODE_ENV: 'production', BIOMETRIC_ENCRYPTION_KEYS: `k1:${key()}` }).BIOMETRIC_ENCRYPTION_KEY_ID,
    ).toBeUndefined();
  });
});
