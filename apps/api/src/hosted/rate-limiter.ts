/** How many requests a key may make in a burst, and how fast that allowance refills. */
export interface BucketPolicy {
  capacity: number;
  refillPerMinute: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * An in-memory token bucket per key (one API process; good enough to slow down guessing and
 * hammering of the hosted page's endpoints). Buckets that refilled completely are forgotten.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly policy: BucketPolicy,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.policy.capacity, updatedAt: now };
    const refilled = Math.min(this.policy.capacity, bucket.tokens + ((now - bucket.updatedAt) / 60_000) * this.policy.refillPerMinute);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, updatedAt: now });
      return false;
    }
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) return false;
    this.buckets.set(key, { tokens: refilled - 1, updatedAt: now });
    return true;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const fullAfterMs = (this.policy.capacity / this.policy.refillPerMinute) * 60_000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= fullAfterMs) this.buckets.delete(key);
    }
  }
}
