import { isTrustProxySetting, parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it('reads off, hop counts and proxy lists', () => {
    expect(parseTrustProxy('off')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1,::1, fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses trusting everyone, which lets any client pick its own address', () => {
    expect(() => parseTrustProxy('true')).toThrow(/any client/);
  });

  it('names the entries that are not addresses or ranges', () => {
    expect(() => parseTrustProxy('10.0.0.1,proxy.internal,10.0.0.300')).toThrow(/proxy\.internal, 10\.0\.0\.300/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustProxy('99')).toThrow(/hop count/);
  });

  it('accepts exactly what it produces', () => {
    expect(isTrustProxySetting(false)).toBe(true);
    expect(isTrustProxySetting(3)).toBe(true);
    expect(isTrustProxySetting(['127.0.0.1'])).toBe(true);
    expect(isTrustProxySetting(true)).toBe(false);
    expect(isTrustProxySetting('10.0.0.1,nope')).toBe(false);
    expect(isTrustProxySetting([])).toBe(false);
  });
});
