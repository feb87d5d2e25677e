/** What a fresh pool assumes one image takes until it has measured a few. */
const INITIAL_TASK_MS = 150;
/** Weight of the newest measurement in the moving average of task durations. */
const SMOOTHING = 0.2;

/** The pool is full: the caller answers 503 and tells the client to come back in `retryAfterSeconds`. */
export class FacePoolSaturatedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the face worker pool is saturated');
    this.name = 'FacePoolSaturatedError';
  }
}

/** An image waited and ran longer than the pool's per-task deadline. */
export class FaceTaskTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`face analysis did not finish within ${timeoutMs} ms`);
    this.name = 'FaceTaskTimeoutError';
  }
}

/**
 * Admission control of the face worker pool: at most `limit` images may wait for a thread, counting
 * the images of requests still being read (reserved before their bodies are buffered, so a flood
 * is refused before it costs memory). Pure bookkeeping; the pool tells it what is queued.
 */
export class PoolAdmission {
  private reservedImages = 0;
  private averageTaskMs = INITIAL_TASK_MS;

  constructor(readonly limit: number) {}

  get reserved(): number {
    return this.reservedImages;
  }

  /** Whether `images` more may wait besides the `queued` ones and the reservations. */
  hasRoom(images: number, queued: number): boolean {
    return queued + this.reservedImages + images <= this.limit;
  }

  /** Claims room for `images` future tasks; false (nothing claimed) when there is none. */
  tryReserve(images: number, queued: number): boolean {
    if (!this.hasRoom(images, queued)) return false;
    this.reservedImages += images;
    return true;
  }

  /** Returns room claimed by tryReserve (used by a task, or never needed). */
  release(images: number): void {
    this.reservedImages = Math.max(0, this.reservedImages - images);
  }

  /** Feeds the moving average of how long one image takes on a thread. */
  recordTaskDuration(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.averageTaskMs = this.averageTaskMs * (1 - SMOOTHING) + ms * SMOOTHING;
  }

  /** Seconds until the waiting work has likely drained over `threads` threads (at least 1). */
  retryAfterSeconds(queued: number, threads: number): number {
    const waiting = queued + this.reservedImages;
    const seconds = (waiting * this.averageTaskMs) / Math.max(1, threads) / 1000;
    return Math.max(1, Math.ceil(seconds));
  }
}
