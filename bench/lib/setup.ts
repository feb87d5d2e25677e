import type { FaceConfig } from '@app/core';
import { FaceEngine } from '@app/face';
import { REAL_MODELS_CONFIG } from '@app/face/engine/testing/real-models';
import type { BenchArguments } from './args';

/**
 * An analyse-only engine for the benchmarks: the configuration with the command line's overrides,
 * no request-size limit (the photos are read as they are; that limit is the API's business).
 */
export function engineFor(
  config: FaceConfig,
  args: Pick<BenchArguments, 'embedders' | 'flip' | 'flipOf' | 'maxSide' | 'tuning'>,
): FaceEngine {
  return new FaceEngine({
    ...config,
    embedders: args.embedders ?? config.embedders,
    flipAugment: args.flip ?? config.flipAugment,
    maxSide: args.maxSide ?? config.maxSide,
    imageMaxBytes: Number.MAX_SAFE_INTEGER,
    flip: args.flipOf,
    tuning: args.tuning,
    analyseOnly: true,
  });
}

/**
 * An analyse-only engine on the installed models with the pipeline the real-model specs use (both
 * embedders, flip augmentation, 1280 px), taking photos up to 20 MB, with no queue limit or deadline:
 * for the benches that measure what the engine sees in a set of photos rather than a configuration.
 */
export function photoEngine(workers: number): FaceEngine {
  return new FaceEngine({
    ...REAL_MODELS_CONFIG,
    queueLimit: undefined,
    taskTimeoutMs: undefined,
    workers,
    imageMaxBytes: 20 * 1024 * 1024,
    analyseOnly: true,
  });
}
