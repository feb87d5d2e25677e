import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('generates kyc_ keys with 40 base64url characters of randomness', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^kyc_[A-Za-z0-9_-]{40}$/);
  });

  it('never generates the same key twice in a large sample', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey()));
    expect(keys.size).toBe(1000);
  });

  it('hashes with sha256 hex, deterministically and differently per key', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey('kyc_a')).toBe(hashApiKey('kyc_a'));
    expect(hashApiKey('kyc_a')).not.toBe(hashApiKey('kyc_b'));
  });

  it('keeps only the first 12 characters for display', () => {
    expect(apiKeyDisplayPrefix('kyc_0123456789abcdef')).toBe('kyc_01234567');
  });
});
