import { PoolAdmission } from './pool-admission';

describe('PoolAdmission', () => {
  it('admits up to the limit, counting queued images and reservations together', () => {
    const admission = new PoolAdmission(4);
    expect(admission.tryReserve(2, 1)).toBe(true);
    expect(admission.reserved).toBe(2);
    expect(admission.hasRoom(1, 1)).toBe(true);
    expect(admission.hasRoom(2, 1)).toBe(false);
    expect(admission.tryReserve(2, 1)).toBe(false);
    expect(admission.reserved).toBe(2);
  });

  it('gives room back on release, never below zero', () => {
    const admission = new PoolAdmission(2);
    expect(admission.tryReserve(2, 0)).toBe(true);
    expect(admission.tryReserve(1, 0)).toBe(false);
    admission.release(1);
    expect(admission.tryReserve(1, 0)).toBe(true);
    admission.release(5);
    expect(admission.reserved).toBe(0);
  });

  it('refuses a request larger than the whole limit even when idle', () => {
    expect(new PoolAdmission(1).tryReserve(2, 0)).toBe(false);
  });

  it('estimates Retry-After from the waiting work, the measured task time and the threads', () => {
    const admission = new PoolAdmission(100);
    for (let i = 0; i < 50; i++) admission.recordTaskDuration(400);
    // 40 images of ~400 ms over 2 threads ≈ 8 s.
    expect(admission.retryAfterSeconds(40, 2)).toBe(8);
    expect(admission.retryAfterSeconds(0, 2)).toBe(1);
    expect(admission.retryAfterSeconds(40, 0)).toBe(16);
  });

  it('ignores durations that are not measurements', () => {
    const admission = new PoolAdmission(10);
    admission.recordTaskDuration(Number.NaN);
    admission.recordTaskDuration(-5);
    expect(admission.retryAfterSeconds(20, 1)).toBe(3);
  });
});
