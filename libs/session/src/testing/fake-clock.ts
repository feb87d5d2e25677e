import { Clock } from '../clock';

/** A clock that stands still until told to move (unit specs: no real time passes between two readings). */
export class FakeClock extends Clock {
  constructor(private current: Date = new Date('2026-01-01T12:00:00.000Z')) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Real time shifted by an offset the test moves (e2e suites: the API and the in-process worker share
 * one, so a session "expires" for both at once while queues and HTTP keep their own real clocks).
 */
export class ShiftedClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this clock forward (or back, with a negative `ms`). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
