import { KycValidationStatus } from '@app/audit';
import { expiryOf, idleCutoff, isOpen, isPastExpiry, shownStatus } from './session-rules';
import { FakeClock } from './testing';

const HOUR = 3600_000;
const MINUTE = 60_000;

describe('session open and expiry rules (fake clock)', () => {
  const clock = new FakeClock(new Date('2026-03-01T10:00:00.000Z'));
  const created = clock.now();
  const session = (status: KycValidationStatus) => ({ status, expiresAt: expiryOf(created, 2) });

  it('expires a session its TTL after creation', () => {
    expect(expiryOf(created, 2).toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  it('keeps an open session open until the instant it expires, then not', () => {
    const at = (ms: number) => new Date(created.getTime() + ms);
    expect(isOpen(session('pending'), at(2 * HOUR - 1))).toBe(true);
    expect(isOpen(session('in_progress'), at(2 * HOUR - 1))).toBe(true);
    expect(isOpen(session('in_progress'), at(2 * HOUR))).toBe(false);
    expect(isPastExpiry(session('in_progress'), at(2 * HOUR))).toBe(true);
  });

  it('never calls a decided or closed session open, nor past its expiry', () => {
    for (const status of ['in_review', 'approved', 'rejected', 'expired', 'abandoned', 'cancelled'] as const) {
      expect(isOpen(session(status), created)).toBe(false);
      expect(isPastExpiry(session(status), new Date(created.getTime() + 10 * HOUR))).toBe(false);
    }
  });

  it('shows an open session past its expiry as expired before the sweep closes it, and a decided one as it is', () => {
    const later = new Date(created.getTime() + 3 * HOUR);
    expect(shownStatus(session('in_progress'), created)).toBe('in_progress');
    expect(shownStatus(session('pending'), later)).toBe('expired');
    expect(shownStatus(session('approved'), later)).toBe('approved');
  });

  it('puts the idle cutoff idleMinutes before now, to the minute', () => {
    const idle = new FakeClock(created);
    idle.advance(30 * MINUTE);
    expect(idleCutoff(idle.now(), 30)).toEqual(created);
    idle.advance(MINUTE);
    expect(idleCutoff(idle.now(), 30)).toEqual(new Date(created.getTime() + MINUTE));
  });
});
