import { Inject, Injectable } from '@nestjs/common';
import { livenessConfig, LivenessConfig } from '@app/core';
import { FaceAnalysis, FaceEngine, judgeLiveness, LivenessVerdict } from '@app/face';
import { fingerprintFrame, FrameFingerprint } from '../../validations/decision/frame-fingerprint';

export interface AnalysedFrame extends FrameFingerprint {
  bytes: Buffer;
  analysis: FaceAnalysis;
  /** The passive model's liveness 0..100 of the primary face; null without a face. */
  passiveScore: number | null;
}

/**
 * Everything the challenge needs from one frame: the face analysis with the passive liveness model
 * (faces, pose, template, liveness score) and the frame's fingerprints (duplicates and replays).
 */
@Injectable()
export class FrameAnalyzer {
  constructor(
    private readonly engine: FaceEngine,
    @Inject(livenessConfig.KEY) private readonly thresholds: LivenessConfig,
  ) {}

  async analyze(bytes: Buffer): Promise<AnalysedFrame> {
    // The engine first: an unusable image is refused by the image rules before anything else reads it.
    const analysis = await this.engine.analyze(bytes, { liveness: true });
    const fingerprint = await fingerprintFrame(bytes);
    return { bytes, analysis, ...fingerprint, passiveScore: analysis.primary?.liveness?.score ?? null };
  }

  /** The passive model's verdict on a score, under the configured threshold and uncertain band. */
  judge(score: number): LivenessVerdict {
    return judgeLiveness(score, this.thresholds);
  }
}
