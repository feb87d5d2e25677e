/**
 * The session rules' idea of "now" (expiry, idleness, the decision's time). Injected, so a test can
 * move time for the API and the worker together instead of rewriting timestamps in the database.
 */
export abstract class Clock {
  abstract now(): Date;
}

/** The machine's time: what every process runs with outside tests. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
