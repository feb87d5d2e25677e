import { Worker } from 'node:worker_threads';
import type { FaceAnalysis } from '../face.types';
import type { AnalyzeOptions } from '../pipeline/face-pipeline';
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
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  /** The last uncaught error of the thread, to explain its exit. */
  lastError: Error | null;
}

/**
 * A fixed number of face worker threads, each analysing one image at a time; images wait in a FIFO
 * queue while every thread is busy. A thread that dies fails only the task it was running and is
 * replaced.
 */
export class FaceWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextTaskId = 1;
  private closing = false;
  private modelVersionOfWorkers = '';

  constructor(
    private readonly size: number,
    private readonly setup: FaceWorkerSetup,
    private readonly spawnThread: (setup: FaceWorkerSetup) => Worker,
  ) {}

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

  /** Queues `bytes` (transferred to the thread: the caller must not reuse the ArrayBuffer). */
  run(bytes: ArrayBuffer, options?: AnalyzeOptions): Promise<FaceAnalysis> {
    if (this.closing) return Promise.reject(new Error('face engine is closed'));
    return new Promise<FaceAnalysis>((resolve, reject) => {
      this.queue.push({ id: this.nextTaskId++, bytes, options, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('face engine is closed'));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
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
    for (const task of this.queue.splice(0)) task.reject(new Error('no face worker thread is running'));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      const request: AnalyzeRequest = { type: 'analyze', id: task.id, bytes: task.bytes, options: task.options };
      slot.worker.postMessage(request, [task.bytes]);
    }
  }
}
