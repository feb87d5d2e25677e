import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError, type FaceConfig, ImageRejectedError } from '@app/core';
// Loaded on the main thread before any worker: sharp's native library must outlive every thread.
import 'sharp';
import { cosineToScore, loadCalibration, type ScoreCalibration } from '../calibration/score-calibration';
import { templateModelVersion } from '../embed/model-version';
import { cosineSimilarity } from '../embed/vector-math';
import type { FaceAnalysis, FaceComparison, FaceTemplate } from '../face.types';
import type { PipelineTuning } from '../pipeline/face-pipeline';
import { FaceWorkerPool, WorkerImageRejection } from './worker-pool';
import type { FaceWorkerSetup } from './worker-protocol';

export interface FaceEngineOptions extends FaceConfig {
  /** Overrides the calibration read from `<modelsDir>/manifest.json` (benchmarks, tests). */
  calibration?: ScoreCalibration;
  /** Overrides pipeline settings (benchmark experiments only). */
  tuning?: Partial<PipelineTuning>;
}

export interface FaceEngineStatus {
  ready: boolean;
  workers: number;
  modelVersion: string;
}

/**
 * The face engine: image bytes in, faces and templates out, with all pixel work in a pool of
 * worker threads so the event loop never runs inference. `start()` before use, `close()` after.
 */
export class FaceEngine {
  readonly modelVersion: string;
  private readonly pool: FaceWorkerPool;
  private calibration: ScoreCalibration | null = null;
  private started = false;

  constructor(private readonly options: FaceEngineOptions) {
    this.modelVersion = templateModelVersion(options.flipAugment);
    const modelsDir = resolve(options.modelsDir);
    const setup: FaceWorkerSetup = {
      pipeline: {
        modelsDir,
        flipAugment: options.flipAugment,
        limits: {
          maxSide: options.maxSide,
          minSide: options.imageMinSide,
          maxMegapixels: options.imageMaxMegapixels,
          maxBytes: options.imageMaxBytes,
        },
        quality: { minSizePx: options.minQualitySize, minConfidence: options.minQualityConfidence },
        tuning: options.tuning,
      },
    };
    this.pool = new FaceWorkerPool(options.workers, setup, spawnFaceWorker);
  }

  /**
   * Loads the calibration and starts every worker thread; resolves once each has loaded its models.
   * Rejects (naming the missing file) when a model or the calibration is missing.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.calibration =
      this.options.calibration ?? loadCalibration(join(resolve(this.options.modelsDir), 'manifest.json'), this.modelVersion);
    if (this.calibration.modelVersion !== this.modelVersion) {
      throw new Error(`calibration is for ${this.calibration.modelVersion}, the engine makes ${this.modelVersion}`);
    }
    await this.pool.start();
    this.started = true;
  }

  async close(): Promise<void> {
    this.started = false;
    await this.pool.close();
  }

  status(): FaceEngineStatus {
    return {
      ready: this.started && this.pool.readyThreads > 0,
      workers: this.pool.readyThreads,
      modelVersion: this.modelVersion,
    };
  }

  /**
   * Finds the faces in an image and embeds the primary one. Rejects with `ImageRejectedError` when
   * the image is unusable (format, size, corrupt data); an image without a face resolves with
   * `primary: null`. Rejects with a SERVICE_UNAVAILABLE DomainError before start() and after
   * close(), and with a plain Error if the worker thread crashed (it is replaced). The caller's
   * buffer is copied, never detached.
   */
  async analyze(bytes: Buffer): Promise<FaceAnalysis> {
    if (!this.started) throw new DomainError('SERVICE_UNAVAILABLE', 'face engine is not running');
    // A private copy is transferred to the thread: the caller's Buffer may be a slice of a pooled
    // ArrayBuffer, and transferring that would detach memory the caller (and others) still use.
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    try {
      return await this.pool.run(copy.buffer);
    } catch (error) {
      if (error instanceof WorkerImageRejection) throw new ImageRejectedError(error.reason);
      throw error;
    }
  }

  /** Plain cosine of two templates and its calibrated score. Throws on templates of different models. */
  compare(a: FaceTemplate, b: FaceTemplate): FaceComparison {
    if (a.modelVersion !== b.modelVersion) {
      throw new DomainError(
        'CONFLICT',
        `face templates come from different models (${a.modelVersion} vs ${b.modelVersion}) and cannot be compared`,
      );
    }
    if (a.modelVersion !== this.modelVersion) {
      throw new DomainError(
        'CONFLICT',
        `face templates come from ${a.modelVersion}; this engine is calibrated for ${this.modelVersion}`,
      );
    }
    if (!this.calibration) throw new Error('face engine is not started');
    const cosine = cosineSimilarity(a.vector, b.vector);
    return { cosine: Math.round(cosine * 1e6) / 1e6, score: cosineToScore(this.calibration, cosine) };
  }
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
