import { rateLimitHeaders, tightest } from './rate-limit-headers';
import type { LimitDecision } from './limiter-store';

const allowed = (remaining: number, resetMs = 30_000): LimitDecision => ({
  kind: 'allowed',
  limit: 10,
  remaining,
  consumed: 10 - remaining,
  resetMs,
});
const refused: LimitDecision = { kind: 'refused', limit: 10, remaining: 0, consumed: 11, resetMs: 12_345 };

describe('rateLimitHeaders', () => {
  it('states the allowance, what is left and the seconds until it starts over', () => {
    expect(rateLimitHeaders(allowed(7, 30_000))).toEqual({ 'RateLimit-Limit': '10', 'RateLimit-Remaining': '7', 'RateLimit-Reset': '30' });
  });

  it('adds Retry-After, rounded up, when refused', () => {
    expect(rateLimitHeaders(refused)).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '13',
      'Retry-After': '13',
    });
  });

  it('never says zero seconds, and says nothing when the counter could not be asked', () => {
    expect(rateLimitHeaders(allowed(1, 10))['RateLimit-Reset']).toBe('1');
    expect(rateLimitHeaders({ kind: 'unavailable' })).toEqual({});
  });
});

describe('tightest', () => {
  it('shows a refusal first, else the fewest remaining, ignoring unavailable counters', () => {
    expect(tightest([allowed(5), refused])).toBe(refused);
    const few = allowed(2);
    expect(tightest([allowed(5), few, { kind: 'unavailable' }])).toBe(few);
    expect(tightest([{ kind: 'unavailable' }])).toEqual({ kind: 'unavailable' });
  });
});
