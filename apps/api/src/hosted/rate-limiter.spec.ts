import { TokenBucketLimiter } from './rate-limiter';

describe('TokenBucketLimiter', () => {
  it('allows a burst up to the capacity, then refuses until the bucket refills', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerMinute: 60 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, true, false]);
    now += 1000;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('keeps a separate bucket per key', () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerMinute: 1 }, () => 0);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.take('b')).toBe(true);
  });

  it('refuses new keys once it tracks its maximum number of keys', () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerMinute: 1 }, () => 0, 1);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('b')).toBe(false);
  });
});
