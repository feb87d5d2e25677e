import { Worker } from 'node:worker_threads';
import type { FaceAnalysis } from '../face.types';
import type { AnalyzeOptions } from '../pipeline/face-pipeline';
import { FacePoolSaturatedError, FaceTaskTimeoutError, PoolAdmission } from './pool-admission';
import type { AnalyzeRequest, FaceWorkerReply, FaceWorkerRequest, FaceWorkerSetup } from './worker-protocol';

const SHUTDOWN_GRACE_MS = 5000;

/** A task refused because the image is unusable; the engine maps it to ImageRejectedError. */
export class WorkerImageRejection extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WorkerImageRejection';
  }
}

interface Task {
  id: number;
  bytes: ArrayBuffer;
  options?: AnalyzeOptions;
  resolve: (analysis: FaceAnalysis) => void;
  reject: (error: Error) => void;
  /** Fails the task when it has waited and run longer than the pool's deadline. */
  deadline?: NodeJS.Timeout;
  startedAt?: number;
}

export interface PoolLimits {
  /** Images that may wait for a thread (reservations included); beyond it run() and reserve() refuse. */
  queueLimit: number;
  /** Longest an image may wait and run; 0 = no deadline. */
  taskTimeoutMs: number;
}

/** Room for some images of one request, claimed before its body is read. */
export interface PoolReservation {
  /** Runs one image on the room claimed (beyond it, it queues like any task). */
  run(bytes: ArrayBuffer, options?: AnalyzeOptions): Promise<FaceAnalysis>;
  /** Gives back the room not used; call it once the request is over, whatever happened. */
  release(): void;
}

const UNBOUNDED: PoolLimits = { queueLimit: Number.POSITIVE_INFINITY, taskTimeoutMs: 0 };

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  /** The last uncaught error of the thread, to explain its exit. */
  lastError: Error | null;
}

/**
 * A fixed number of face worker threads, each analysing one image at a time; images wait in a FIFO
 * queue while every thread is busy, up to `queueLimit` (then FacePoolSaturatedError at once), each
 * for at most `taskTimeoutMs` (then FaceTaskTimeoutError; a thread still running it finishes first).
 * A thread that dies fails only the task it was running and is replaced.
 */
export class FaceWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextTaskId = 1;
  private closing = false;
  private modelVersionOfWorkers = '';
  private readonly admission: PoolAdmission;

  constructor(
    private readonly size: number,
    private readonly setup: FaceWorkerSetup,
    private readonly spawnThread: (setup: FaceWorkerSetup) => Worker,
    private readonly limits: PoolLimits = UNBOUNDED,
  ) {
    this.admission = new PoolAdmission(limits.queueLimit);
  }

  /** Starts every thread; resolves with the template model version once all have loaded their models. */
  async start(): Promise<string> {
    const started = Array.from({ length: this.size }, () => this.spawn());
    try {
      await Promise.all(started);
    } catch (error) {
      await this.close();
      throw error;
    }
    return this.modelVersionOfWorkers;
  }

  get readyThreads(): number {
    return this.slots.filter((slot) => slot.ready).length;
  }

  get queuedTasks(): number {
    return this.queue.length;
  }

  /** Images reserved by requests still being read. */
  get reservedTasks(): number {
    return this.admission.reserved;
  }

  /**
   * Queues `bytes` (transferred to the thread: the caller must not reuse the ArrayBuffer). Rejects
   * at once with FacePoolSaturatedError when the queue is full.
   */
  run(bytes: ArrayBuffer, options?: AnalyzeOptions): Promise<FaceAnalysis> {
    if (!this.admission.hasRoom(1, this.queue.length)) return Promise.reject(this.saturated());
    return this.enqueue(bytes, options);
  }

  /**
   * Claims room for `images` tasks before the caller buffers them (a request body still to be
   * read). Throws FacePoolSaturatedError when there is none.
   */
  reserve(images: number): PoolReservation {
    if (!this.admission.tryReserve(images, this.queue.length)) throw this.saturated();
    let unused = images;
    return {
      run: (bytes, options) => {
        if (unused === 0) return this.run(bytes, options);
        unused -= 1;
        this.admission.release(1);
        return this.enqueue(bytes, options);
      },
      release: () => {
        this.admission.release(unused);
        unused = 0;
      },
    };
  }

  private saturated(): FacePoolSaturatedError {
    return new FacePoolSaturatedError(this.admission.retryAfterSeconds(this.queue.length, this.readyThreads));
  }

  private enqueue(bytes: ArrayBuffer, options?: AnalyzeOptions): Promise<FaceAnalysis> {
    if (this.closing) return Promise.reject(new Error('face engine is closed'));
    return new Promise<FaceAnalysis>((resolve, reject) => {
      const task: Task = { id: this.nextTaskId++, bytes, options, resolve, reject };
      if (this.limits.taskTimeoutMs > 0) {
        task.deadline = setTimeout(() => this.expire(task), this.limits.taskTimeoutMs);
        task.deadline.unref();
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /**
   * The task's deadline passed: its caller is answered now. A waiting task leaves the queue; a
   * running one keeps its thread until the thread answers (its late result is dropped): terminating
   * a thread in the middle of native work (sharp, ONNX Runtime) aborts the whole process.
   */
  private expire(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) this.queue.splice(queued, 1);
    task.reject(new FaceTaskTimeoutError(this.limits.taskTimeoutMs));
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const task of this.queue.splice(0)) {
      clearTimeout(task.deadline);
      task.reject(new Error('face engine is closed'));
    }
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      clearTimeout(slot.task?.deadline);
      slot.task?.reject(new Error('face engine is closed'));
      slot.task = null;
    }
    await Promise.all(slots.map((slot) => this.stopThread(slot)));
  }

  /** Asks the thread to release its models and end; terminates it if it has not within the grace period. */
  private stopThread(slot: Slot): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => void slot.worker.terminate().then(() => resolve()), SHUTDOWN_GRACE_MS);
      slot.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      const request: FaceWorkerRequest = { type: 'shutdown' };
      slot.worker.postMessage(request);
    });
  }

  private spawn(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const slot: Slot = { worker: this.spawnThread(this.setup), ready: false, task: null, lastError: null };
      this.slots.push(slot);
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
      slot.worker.on('message', (reply: FaceWorkerReply) => {
        if (reply.type === 'ready') {
          this.modelVersionOfWorkers = reply.modelVersion;
          slot.ready = true;
          settle();
          this.dispatch();
        } else if (reply.type === 'startup-failed') {
          settle(new Error(`face worker could not start: ${reply.message}`));
          this.retire(slot);
        } else {
          this.finish(slot, reply);
        }
      });
      slot.worker.on('error', (error) => {
        slot.lastError = error;
      });
      slot.worker.on('exit', (code) => {
        const reason = slot.lastError?.message ?? `exit code ${code}`;
        settle(new Error(`face worker stopped while starting: ${reason}`));
        this.onExit(slot, reason);
      });
    });
  }

  private finish(slot: Slot, reply: Exclude<FaceWorkerReply, { type: 'ready' | 'startup-failed' }>): void {
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    slot.task = null;
    clearTimeout(task.deadline);
    if (task.startedAt !== undefined) this.admission.recordTaskDuration(Date.now() - task.startedAt);
    if (reply.type === 'analysed') task.resolve(reply.analysis);
    else if (reply.type === 'image-rejected') task.reject(new WorkerImageRejection(reply.reason));
    else task.reject(new Error(`face analysis failed: ${reply.message}`));
    this.dispatch();
  }

  /** A thread ended: fail its task, and replace it unless the pool is closing or it never started. */
  private onExit(slot: Slot, reason: string): void {
    const wasReady = slot.ready;
    this.retire(slot);
    if (slot.task) {
      clearTimeout(slot.task.deadline);
      slot.task.reject(new Error(`face worker thread crashed (${reason})`));
      slot.task = null;
    }
    if (this.closing) return;
    if (wasReady) {
      this.spawn().catch(() => this.failQueueIfNoThreadCanServe());
    } else {
      this.failQueueIfNoThreadCanServe();
    }
  }

  private retire(slot: Slot): void {
    slot.ready = false;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void slot.worker.terminate();
  }

  private failQueueIfNoThreadCanServe(): void {
    if (this.slots.length > 0) return;
    for (const task of this.queue.splice(0)) {
      clearTimeout(task.deadline);
      task.reject(new Error('no face worker thread is running'));
    }
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      task.startedAt = Date.now();
      const request: AnalyzeRequest = { type: 'analyze', id: task.id, bytes: task.bytes, options: task.options };
      slot.worker.postMessage(request, [task.bytes]);
    }
  }
}
