import { expect } from '@jest/globals';
import { EgressPolicy, judgeAddress } from './egress-policy';
import { outboundUrlProblem } from './outbound-url';

const PRODUCTION: EgressPolicy = { allowPrivateNetworks: false, allowHosts: [] };
const DEVELOPMENT: EgressPolicy = { allowPrivateNetworks: true, allowHosts: [] };

describe('egress policy: addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['fd00::1', 'uniqueLocal'],
  ])('refuses %s (%s) in production and allows it in development', (address, range) => {
    const refused = judgeAddress(PRODUCTION, address);
    expect(refused).toEqual({ allowed: false, reason: expect.stringContaining(range) });
    expect(refused.allowed === false && refused.reason).toMatch(/OUTBOUND_ALLOW_PRIVATE_NETWORKS is off/);
    expect(judgeAddress(DEVELOPMENT, address)).toEqual({ allowed: true });
  });

  it.each(['169.254.169.254', '169.254.0.1', 'fe80::1', '0.0.0.0', '::', '224.0.0.1', '255.255.255.255', '::ffff:169.254.169.254'])(
    'refuses %s (link-local, cloud metadata, unspecified, multicast, broadcast) even in development',
    (address) => {
      expect(judgeAddress(DEVELOPMENT, address)).toEqual({ allowed: false, reason: expect.stringMatching(/never allowed/) });
    },
  );

  it.each(['8.8.8.8', '200.45.1.9', '2001:4860:4860::8888'])('allows the public address %s everywhere', (address) => {
    expect(judgeAddress(PRODUCTION, address)).toEqual({ allowed: true });
  });

  it('allows listed addresses and ranges (OUTBOUND_ALLOW_HOSTS) in production, and nothing next to them', () => {
    const policy: EgressPolicy = {
      allowPrivateNetworks: false,
      allowHosts: ['10.20.0.0/16', '127.0.0.1', 'fd12::/16', 'registry.internal'],
    };
    expect(judgeAddress(policy, '10.20.5.5')).toEqual({ allowed: true });
    expect(judgeAddress(policy, '127.0.0.1')).toEqual({ allowed: true });
    expect(judgeAddress(policy, '::ffff:127.0.0.1')).toEqual({ allowed: true });
    expect(judgeAddress(policy, 'fd12::9')).toEqual({ allowed: true });
    expect(judgeAddress(policy, '10.21.0.1').allowed).toBe(false);
    expect(judgeAddress(policy, '127.0.0.2').allowed).toBe(false);
  });

  it('does not take a host name for an address', () => {
    expect(judgeAddress(DEVELOPMENT, 'localhost')).toEqual({ allowed: false, reason: expect.stringMatching(/not an IP address/) });
  });
});

describe('egress policy: URLs at settings time', () => {
  it.each([
    ['ftp://registry.example/', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['javascript:alert(1)', /http or https/],
    ['https://user:pass@registry.example/', /credentials/],
    ['https://user@registry.example/', /credentials/],
    ['not a url', /not a valid URL/],
  ])('never allows %s', (url, reason) => {
    expect(outboundUrlProblem(url, DEVELOPMENT)).toMatch(reason);
    expect(outboundUrlProblem(url, PRODUCTION)).toMatch(reason);
  });

  it.each([
    'http://127.0.0.1:4010',
    'http://127.1/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://[::1]:8080/',
    'http://10.0.0.5/',
    'http://[::ffff:7f00:1]/',
  ])('refuses the private literal %s in production (every numeric form) and accepts it in development', (url) => {
    expect(outboundUrlProblem(url, PRODUCTION)).toMatch(/refused address/);
    expect(outboundUrlProblem(url, DEVELOPMENT)).toBeNull();
  });

  it('refuses the metadata address everywhere, and leaves host names to the connection-time check', () => {
    expect(outboundUrlProblem('http://169.254.169.254/latest/meta-data', DEVELOPMENT)).toMatch(/linkLocal/);
    expect(outboundUrlProblem('https://localhost/hook', PRODUCTION)).toBeNull();
    expect(outboundUrlProblem('https://hooks.example.com/kyc', PRODUCTION)).toBeNull();
  });

  it('never echoes the URL (its query string may hold a DNI)', () => {
    expect(outboundUrlProblem('http://10.0.0.5/?dni=28456712', PRODUCTION)).not.toContain('28456712');
  });
});
