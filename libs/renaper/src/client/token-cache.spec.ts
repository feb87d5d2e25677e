import type { RenaperCredentials } from './renaper.types';
import { cacheKey, TokenCache } from './token-cache';

const CREDENTIALS: RenaperCredentials = { organizationId: 'org-a', baseUrl: 'https://registry.example/', username: 'bank', password: 'pw' };

function setup(start: string, marginMs = 60_000) {
  let now = new Date(start);
  let issued = 0;
  const issue = jest.fn(() => Promise.resolve(`token-${++issued}`));
  const cache = new TokenCache(issue, () => now, marginMs);
  return { cache, issue, advanceTo: (iso: string) => (now = new Date(iso)) };
}

describe('TokenCache', () => {
  it('reuses a token for the rest of the Argentine day it was issued', async () => {
    const { cache, issue, advanceTo } = setup('2026-03-10T12:00:00Z');
    expect(await cache.token(CREDENTIALS)).toBe('token-1');
    advanceTo('2026-03-11T02:58:00Z'); // 23:58 in Buenos Aires, before the one-minute margin
    expect(await cache.token(CREDENTIALS)).toBe('token-1');
    expect(issue).toHaveBeenCalledTimes(1);
  });

  it('renews within the margin before 23:59:59 Argentina time, and after it', async () => {
    const { cache, advanceTo } = setup('2026-03-10T12:00:00Z');
    await cache.token(CREDENTIALS);
    advanceTo('2026-03-11T02:59:30Z'); // 23:59:30 in Buenos Aires: inside the margin
    expect(await cache.token(CREDENTIALS)).toBe('token-2');
    advanceTo('2026-03-11T03:00:01Z'); // next Argentine day: token-2 was issued yesterday
    expect(await cache.token(CREDENTIALS)).toBe('token-3');
  });

  it('keys tokens by base URL (trailing slash ignored) and username', async () => {
    const { cache, issue } = setup('2026-03-10T12:00:00Z');
    await cache.token(CREDENTIALS);
    expect(await cache.token({ ...CREDENTIALS, baseUrl: 'https://registry.example' })).toBe('token-1');
    expect(await cache.token({ ...CREDENTIALS, username: 'other' })).toBe('token-2');
    expect(await cache.token({ ...CREDENTIALS, baseUrl: 'https://other.example' })).toBe('token-3');
    expect(issue).toHaveBeenCalledTimes(3);
  });

  it("never lends one organization's token to another, even with the same base URL, username and password", async () => {
    const { cache, issue } = setup('2026-03-10T12:00:00Z');
    expect(await cache.token(CREDENTIALS)).toBe('token-1');
    expect(await cache.token({ ...CREDENTIALS, organizationId: 'org-b' })).toBe('token-2');
    expect(issue).toHaveBeenCalledTimes(2);
    expect(issue).toHaveBeenLastCalledWith(expect.objectContaining({ organizationId: 'org-b' }));
  });

  it('asks again for a wrong password instead of reusing the token issued for the right one', async () => {
    const { cache, issue } = setup('2026-03-10T12:00:00Z');
    expect(await cache.token(CREDENTIALS)).toBe('token-1');
    expect(await cache.token({ ...CREDENTIALS, password: 'wrong' })).toBe('token-2');
    expect(issue).toHaveBeenCalledTimes(2);
  });

  it('keeps no credential in clear in its keys', () => {
    const key = cacheKey({ ...CREDENTIALS, username: 'bank-user-name', password: 'the-registry-password' });
    expect(key.startsWith('org-a:')).toBe(true);
    expect(key).not.toContain('the-registry-password');
    expect(key).not.toContain('bank-user-name');
    expect(key).not.toContain('registry.example');
  });

  it('shares one token request between concurrent callers', async () => {
    const { cache, issue } = setup('2026-03-10T12:00:00Z');
    const tokens = await Promise.all([cache.token(CREDENTIALS), cache.token(CREDENTIALS), cache.token(CREDENTIALS)]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(issue).toHaveBeenCalledTimes(1);
  });

  it('forgets a rejected token, but not one that already replaced it', async () => {
    const { cache } = setup('2026-03-10T12:00:00Z');
    await cache.token(CREDENTIALS);
    cache.forget(CREDENTIALS, 'token-1');
    expect(await cache.token(CREDENTIALS)).toBe('token-2');
    cache.forget(CREDENTIALS, 'token-1');
    expect(await cache.token(CREDENTIALS)).toBe('token-2');
  });

  it('does not cache a failed request', async () => {
    const issue = jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce('token-ok');
    const cache = new TokenCache(issue, () => new Date('2026-03-10T12:00:00Z'), 60_000);
    await expect(cache.token(CREDENTIALS)).rejects.toThrow('down');
    expect(await cache.token(CREDENTIALS)).toBe('token-ok');
  });
});
