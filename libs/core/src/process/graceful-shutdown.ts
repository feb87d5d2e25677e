/** Something that can be closed, such as a Nest application or application context. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * On SIGTERM or SIGINT: stop taking work and close everything (Nest's shutdown hooks run inside
 * `close()`), then exit 0; if closing takes longer than `graceMs`, exit 1 so a process manager
 * never waits forever. Nest's own `enableShutdownHooks` re-raises the signal (exit 143) instead.
 */
export function exitGracefullyOnSignals(app: Closable, graceMs: number, log: (message: string) => void): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: shutting down`);
    const timer = setTimeout(() => {
      log(`shutdown took longer than ${graceMs} ms: exiting anyway`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
