import type { FaceConfig } from '@app/core';
import { FaceEngine } from '@app/face';
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
