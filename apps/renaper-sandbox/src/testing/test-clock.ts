/**
 * Test helpers for the sandbox specs: a clock the test moves (token expiry and face-answer delays
 * without waiting for them) and polling with a deadline for what really takes time (a comparison).
 */
export class TestClock {
  private offsetMs = 0;

  /** The sandbox's `now`: the real time plus however far the test moved it. */
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

/** Reads until `done`, every `everyMs`, failing after `timeoutMs` with the last value read. */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
