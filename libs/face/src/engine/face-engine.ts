import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError, type FaceConfig, ImageRejectedError, ServiceUnavailableError } from '@app/core';
// Loaded on the main thread before any worker: sharp's native library must outlive every thread.
import 'sharp';
import { CalibrationSet } from '../calibration/calibration-set';
import { type DecodeLimits, readHeader } from '../image/decode-image';
import { UnusableImageError } from '../image/unusable-image.error';
import type { ScoreCalibration } from '../calibration/score-calibration';
import { combinationKey, type EmbedderName, type EmbedderSetup, resolveEmbedders } from '../embed/model-version';
import type { FaceAnalysis, FaceComparison, ImageFormat, StageTimings, FaceTemplate } from '../face.types';
import type { AnalyzeOptions, PipelineTuning } from '../pipeline/face-pipeline';
import { compareTemplates } from './template-comparison';
import { FacePoolSaturatedError, FaceTaskTimeoutError } from './pool-admission';
import { FaceWorkerPool, type PoolReservation, WorkerImageRejection } from './worker-pool';
import type { FaceWorkerSetup } from './worker-protocol';

export interface FaceEngineOptions extends Omit<FaceConfig, 'queueLimit' | 'taskTimeoutMs'> {
  /** Images that may wait for a thread (FACE_QUEUE_LIMIT); unset = unbounded (benchmarks, tools). */
  queueLimit?: number;
  /** Per-image deadline (FACE_TASK_TIMEOUT_MS); unset = none. */
  taskTimeoutMs?: number;
  /** Overrides the calibrations read from `<modelsDir>/manifest.json` (benchmarks, tests). */
  calibrations?: ScoreCalibration[];
  /** Analyse only: no calibration is loaded and compare() throws (the calibration tooling itself). */
  analyseOnly?: boolean;
  /** Overrides the measured per-embedder flip choice (benchmark experiments only). */
  flip?: Partial<Record<EmbedderName, boolean>>;
  /** Overrides pipeline settings (benchmark experiments only). */
  tuning?: Partial<PipelineTuning>;
}

/** Room for a request's images in the engine, claimed before the request body is read. */
export interface FaceAdmission {
  /** `analyze` on the room claimed. */
  analyze(bytes: Buffer, options?: AnalyzeOptions): Promise<FaceAnalysis>;
  /** Gives back what was not used; call it when the request is over, whatever happened. */
  release(): void;
}

export interface FaceEngineStatus {
  ready: boolean;
  workers: number;
  /** Images waiting for a thread, and those reserved by requests still being read. */
  queued: number;
  reserved: number;
  /** The calibration key of the configuration: its model versions, sorted, joined by " & ". */
  modelVersion: string;
  /** The model versions of the embeddings every new template holds, in order. */
  embedders: string[];
}

/**
 * The face engine: image bytes in, faces and templates out, with all pixel work in a pool of
 * worker threads so the event loop never runs inference. `start()` before use, `close()` after.
 */
export class FaceEngine {
  /** The embedders every worker runs (FACE_EMBEDDERS, flip as measured), in template order. */
  readonly embedders: readonly EmbedderSetup[];
  readonly modelVersion: string;
  private readonly modelVersions: string[];
  private readonly pool: FaceWorkerPool;
  private readonly limits: DecodeLimits;
  private calibrations: CalibrationSet | null = null;
  private started = false;
  private readonly analysisObservers: Array<(timings: StageTimings) => void> = [];
  private readonly rejectionObservers: Array<(images: number) => void> = [];

  constructor(private readonly options: FaceEngineOptions) {
    this.embedders = resolveEmbedders(options.embedders, options.flipAugment, options.flip);
    this.modelVersions = this.embedders.map((embedder) => embedder.modelVersion);
    this.modelVersion = combinationKey(this.modelVersions);
    const modelsDir = resolve(options.modelsDir);
    this.limits = {
      maxSide: options.maxSide,
      minSide: options.imageMinSide,
      maxMegapixels: options.imageMaxMegapixels,
      maxBytes: options.imageMaxBytes,
    };
    const setup: FaceWorkerSetup = {
      pipeline: {
        modelsDir,
        embedders: [...this.embedders],
        limits: this.limits,
        quality: { minSizePx: options.minQualitySize, minConfidence: options.minQualityConfidence },
        tuning: options.tuning,
      },
    };
    this.pool = new FaceWorkerPool(options.workers, setup, spawnFaceWorker, {
      queueLimit: options.queueLimit ?? Number.POSITIVE_INFINITY,
      taskTimeoutMs: options.taskTimeoutMs ?? 0,
    });
  }

  /**
   * Loads the calibrations and starts every worker thread; resolves once each has loaded its
   * models. Rejects (naming the missing file or calibration) when a model is missing or anything the
   * engine may compare has no calibration (its embedders together, each subset an older template may
   * fall back to, and the other flip variant of each: CalibrationSet.requireFor).
   */
  async start(): Promise<void> {
    if (this.started) return;
    if (!this.options.analyseOnly) {
      const calibrations = this.options.calibrations
        ? new CalibrationSet(this.options.calibrations, 'the calibrations given')
        : CalibrationSet.fromManifest(join(resolve(this.options.modelsDir), 'manifest.json'));
      calibrations.requireFor(this.modelVersions);
      this.calibrations = calibrations;
    }
    await this.pool.start();
    this.started = true;
  }

  async close(): Promise<void> {
    this.started = false;
    await this.pool.close();
  }

  /** Metrics: every analysis's stage timings (measured on its worker thread), reported on this thread. */
  onAnalysed(observer: (timings: StageTimings) => void): void {
    this.analysisObservers.push(observer);
  }

  /** Metrics: images refused because the queue was full (FACE_QUEUE_LIMIT). */
  onRejected(observer: (images: number) => void): void {
    this.rejectionObservers.push(observer);
  }

  /** Images waiting for a free worker thread now (metrics). */
  get queuedImages(): number {
    return this.pool.queuedTasks;
  }

  status(): FaceEngineStatus {
    return {
      ready: this.started && this.pool.readyThreads > 0,
      workers: this.pool.readyThreads,
      queued: this.pool.queuedTasks,
      reserved: this.pool.reservedTasks,
      modelVersion: this.modelVersion,
      embedders: [...this.modelVersions],
    };
  }

  /**
   * Finds the faces in an image and embeds the primary one with every configured embedder. Rejects
   * with `ImageRejectedError` when the image is unusable (format, size, corrupt data); an image
   * without a face resolves with `primary: null`. Rejects with a SERVICE_UNAVAILABLE DomainError
   * before start() and after close(), and with a plain Error if the worker thread crashed (it is
   * replaced). The caller's buffer is copied, never detached. With `{ liveness: true }` the primary
   * face also carries the passive liveness model's `liveness` (a few ms more).
   */
  async analyze(bytes: Buffer, options?: AnalyzeOptions): Promise<FaceAnalysis> {
    if (!this.started) throw new DomainError('SERVICE_UNAVAILABLE', 'face engine is not running');
    return this.runOn((copy) => this.pool.run(copy, options), bytes);
  }

  /**
   * Claims room for `images` images before a request's body is read, so a flood is refused while
   * it costs nothing. Throws a ServiceUnavailableError (SERVICE_UNAVAILABLE, with a Retry-After
   * estimate) when the queue is full.
   */
  admit(images: number): FaceAdmission {
    if (!this.started) throw new DomainError('SERVICE_UNAVAILABLE', 'face engine is not running');
    let reservation: PoolReservation;
    try {
      reservation = this.pool.reserve(images);
    } catch (error) {
      if (error instanceof FacePoolSaturatedError) for (const observe of this.rejectionObservers) observe(images);
      throw toEngineError(error);
    }
    return {
      analyze: (bytes, options) => this.runOn((copy) => reservation.run(copy, options), bytes),
      release: () => reservation.release(),
    };
  }

  private async runOn(run: (copy: ArrayBuffer) => Promise<FaceAnalysis>, bytes: Buffer): Promise<FaceAnalysis> {
    // A private copy is transferred to the thread: the caller's Buffer may be a slice of a pooled
    // ArrayBuffer, and transferring that would detach memory the caller (and others) still use.
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    try {
      const analysis = await run(copy.buffer);
      for (const observe of this.analysisObservers) observe(analysis.timings);
      return analysis;
    } catch (error) {
      if (error instanceof FacePoolSaturatedError) for (const observe of this.rejectionObservers) observe(1);
      throw toEngineError(error);
    }
  }

  /**
   * The image rules alone (format by bytes, size, sides, megapixels), from the header: no pixels are
   * decoded and no model runs, for a caller that keeps an image now and analyses it later. Rejects
   * with `ImageRejectedError` exactly as `analyze` would.
   */
  async checkImage(bytes: Buffer): Promise<{ format: ImageFormat; width: number; height: number }> {
    try {
      return await readHeader(bytes, this.limits);
    } catch (error) {
      if (error instanceof UnusableImageError) throw new ImageRejectedError(error.reason);
      throw error;
    }
  }

  /**
   * Compares two templates with the embedders both have (of the networks this engine runs) and
   * scores the result with the calibration of what was compared: fused when they share several,
   * `fallback: true` when it is not the engine's own full set (e.g. a template made with fewer embedders,
   * possibly flip-averaged). Throws a CONFLICT DomainError when they share none.
   */
  compare(a: FaceTemplate, b: FaceTemplate): FaceComparison {
    if (!this.calibrations) throw new Error(this.options.analyseOnly ? 'this face engine only analyses' : 'face engine is not started');
    return compareTemplates(a, b, this.modelVersions, this.calibrations);
  }
}

/** Pool failures as the domain errors callers map to HTTP (the image's fault, or ours and temporary). */
function toEngineError(error: unknown): unknown {
  if (error instanceof WorkerImageRejection) return new ImageRejectedError(error.reason);
  if (error instanceof FacePoolSaturatedError) {
    return new ServiceUnavailableError('The face engine is at capacity; retry after the time in Retry-After', error.retryAfterSeconds);
  }
  if (error instanceof FaceTaskTimeoutError)
    return new ServiceUnavailableError(`The face analysis took too long (over ${error.timeoutMs} ms); retry shortly`);
  return error;
}

/**
 * Starts one worker thread. Compiled code runs `face.worker.js`; from TypeScript (Jest, the
 * benchmark) it runs `face.worker.ts` through @swc-node/register.
 */
function spawnFaceWorker(setup: FaceWorkerSetup): Worker {
  const fromTypeScript = __filename.endsWith('.ts');
  const entry = join(__dirname, fromTypeScript ? 'face.worker.ts' : 'face.worker.js');
  const execArgv = fromTypeScript ? ['-r', require.resolve('@swc-node/register')] : [];
  return new Worker(entry, { workerData: setup, execArgv });
}
