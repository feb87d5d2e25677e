import { Worker } from 'node:worker_threads';
import type { FaceAnalysis } from '../face.types';
import { FacePoolSaturatedError, FaceTaskTimeoutError } from './pool-admission';
import { FaceWorkerPool, PoolLimits, WorkerImageRejection } from './worker-pool';
import type { FaceWorkerSetup } from './worker-protocol';

/**
 * A stand-in face worker speaking the real protocol; the first byte of a task picks its behaviour:
 * 0xde exits the thread, 0xee throws, 0xaa rejects the image, 0xbb never answers (a stuck thread),
 * 0xcc answers after 3 s, anything else "analyses" in 20 ms.
 */
const FAKE_WORKER = `
const { parentPort, workerData, threadId } = require('node:worker_threads');
if (workerData.failStartup) {
  parentPort.postMessage({ type: 'startup-failed', message: 'face model missing: /nowhere/fr_detect.onnx' });
} else {
  parentPort.on('message', ({ type, id, bytes }) => {
    if (type === 'shutdown') return parentPort.close();
    const view = new Uint8Array(bytes);
    if (view[0] === 0xde) process.exit(3);
    if (view[0] === 0xee) throw new Error('boom');
    if (view[0] === 0xbb) return;
    if (view[0] === 0xcc) return setTimeout(() => parentPort.postMessage({ type: 'analysed', id, analysis: { tag: 0xcc } }), 3000);
    if (view[0] === 0xaa) return parentPort.postMessage({ type: 'image-rejected', id, reason: 'not a JPEG, PNG, WebP or TIFF image' });
    setTimeout(() => parentPort.postMessage({ type: 'analysed', id, analysis: { tag: view[0], thread: threadId } }), 20);
  });
  parentPort.postMessage({ type: 'ready', modelVersion: 'fake@1' });
}`;

const SETUP = {} as FaceWorkerSetup;

function fakePool(size: number, options: { failStartup?: boolean } = {}, limits?: PoolLimits): FaceWorkerPool {
  return new FaceWorkerPool(size, SETUP, () => new Worker(FAKE_WORKER, { eval: true, workerData: options }), limits);
}

const task = (tag: number) => Uint8Array.from([tag, 1, 2, 3]).buffer;
const tagOf = (analysis: FaceAnalysis) => (analysis as unknown as { tag: number }).tag;

describe('FaceWorkerPool', () => {
  let pool: FaceWorkerPool;
  afterEach(async () => pool?.close());

  it('starts every thread and reports the model version they loaded', async () => {
    pool = fakePool(2);
    await expect(pool.start()).resolves.toBe('fake@1');
    expect(pool.readyThreads).toBe(2);
  });

  it('queues work while every thread is busy and serves it in order', async () => {
    pool = fakePool(1);
    await pool.start();
    const finished: number[] = [];
    const runs = [1, 2, 3, 4].map((tag) => pool.run(task(tag)).then((a) => finished.push(tagOf(a))));
    expect(pool.queuedTasks).toBe(3);
    await Promise.all(runs);
    expect(finished).toEqual([1, 2, 3, 4]);
  });

  it('transfers the bytes to the thread instead of copying them', async () => {
    pool = fakePool(1);
    await pool.start();
    const bytes = task(7);
    const running = pool.run(bytes);
    expect(bytes.byteLength).toBe(0);
    await expect(running.then(tagOf)).resolves.toBe(7);
  });

  it('reports unusable images as WorkerImageRejection', async () => {
    pool = fakePool(1);
    await pool.start();
    const error = await pool.run(task(0xaa)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerImageRejection);
    expect((error as WorkerImageRejection).reason).toBe('not a JPEG, PNG, WebP or TIFF image');
  });

  it('fails only the task of a crashed thread, replaces the thread and keeps serving', async () => {
    pool = fakePool(1);
    await pool.start();
    const crashed = pool.run(task(0xde));
    const queued = pool.run(task(5));
    await expect(crashed).rejects.toThrow(/face worker thread crashed \(exit code 3\)/);
    await expect(queued.then(tagOf)).resolves.toBe(5);
    await expect(pool.run(task(0xee))).rejects.toThrow(/crashed \(boom\)/);
    await expect(pool.run(task(6)).then(tagOf)).resolves.toBe(6);
    expect(pool.readyThreads).toBe(1);
  });

  it('fails start() loudly when a thread cannot load its models', async () => {
    pool = fakePool(2, { failStartup: true });
    await expect(pool.start()).rejects.toThrow('face worker could not start: face model missing: /nowhere/fr_detect.onnx');
    expect(pool.readyThreads).toBe(0);
  });

  it('rejects queued and new work once closed', async () => {
    pool = fakePool(1);
    await pool.start();
    const running = pool.run(task(1)).catch((e: unknown) => e);
    const queued = pool.run(task(2)).catch((e: unknown) => e);
    await pool.close();
    expect(await running).toEqual(new Error('face engine is closed'));
    expect(await queued).toEqual(new Error('face engine is closed'));
    await expect(pool.run(task(3))).rejects.toThrow('face engine is closed');
  });
});

describe('FaceWorkerPool admission and deadline', () => {
  let pool: FaceWorkerPool;
  afterEach(async () => pool?.close());

  it('refuses an image beyond the queue limit at once, with a Retry-After estimate, and serves the rest', async () => {
    pool = fakePool(1, {}, { queueLimit: 2, taskTimeoutMs: 0 });
    await pool.start();
    const admitted = [1, 2, 3].map((tag) => pool.run(task(tag)).then(tagOf));
    expect(pool.queuedTasks).toBe(2);
    const refused = await pool.run(task(4)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FacePoolSaturatedError);
    expect((refused as FacePoolSaturatedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await expect(Promise.all(admitted)).resolves.toEqual([1, 2, 3]);
    await expect(pool.run(task(5)).then(tagOf)).resolves.toBe(5);
  });

  it('counts the images of a request still being read, and gives back what it did not use', async () => {
    pool = fakePool(1, {}, { queueLimit: 2, taskTimeoutMs: 0 });
    await pool.start();
    const reservation = pool.reserve(2);
    expect(pool.reservedTasks).toBe(2);
    expect(() => pool.reserve(1)).toThrow(FacePoolSaturatedError);
    await expect(pool.run(task(9))).rejects.toBeInstanceOf(FacePoolSaturatedError);
    // The reservation's own images are never refused.
    await expect(reservation.run(task(1)).then(tagOf)).resolves.toBe(1);
    expect(pool.reservedTasks).toBe(1);
    reservation.release();
    reservation.release();
    expect(pool.reservedTasks).toBe(0);
    const next = pool.reserve(2);
    next.release();
  });

  it('fails a waiting task past its deadline and takes it out of the queue', async () => {
    pool = fakePool(1, {}, { queueLimit: 10, taskTimeoutMs: 300 });
    await pool.start();
    const stuck = pool.run(task(0xbb)).catch((e: unknown) => e);
    const waiting = pool.run(task(0xbb)).catch((e: unknown) => e);
    const [stuckError, waitingError] = await Promise.all([stuck, waiting]);
    expect(stuckError).toBeInstanceOf(FaceTaskTimeoutError);
    expect(waitingError).toBeInstanceOf(FaceTaskTimeoutError);
    expect(pool.queuedTasks).toBe(0);
  });

  it('answers the caller of a running task at its deadline, lets the thread finish (never terminates it) and keeps serving', async () => {
    pool = fakePool(1, {}, { queueLimit: 10, taskTimeoutMs: 2000 });
    await pool.start();
    await expect(pool.run(task(0xcc))).rejects.toBeInstanceOf(FaceTaskTimeoutError);
    // Queued behind the slow task: served once the thread is free, within its own deadline.
    await expect(pool.run(task(5)).then(tagOf)).resolves.toBe(5);
    expect(pool.readyThreads).toBe(1);
  });
});

describe('FaceWorkerPool shutdown', () => {
  it('lets every thread end on its own instead of terminating it', async () => {
    const exits: number[] = [];
    const pool = new FaceWorkerPool(2, SETUP, () => {
      const worker = new Worker(FAKE_WORKER, { eval: true, workerData: {} });
      worker.on('exit', (code) => exits.push(code));
      return worker;
    });
    await pool.start();
    await pool.close();
    // terminate() ends a thread with exit code 1; a thread that closed its port ends with 0.
    expect(exits).toEqual([0, 0]);
  });
});
