import { Injectable } from '@nestjs/common';
import { FaceAnalysis, FaceEngine } from '@app/face';
import { fingerprintFrame, FrameFingerprint } from '../../validations/decision/frame-fingerprint';
import type { PassiveVerdict } from './passive-liveness';

export interface AnalysedFrame extends FrameFingerprint {
  bytes: Buffer;
  analysis: FaceAnalysis;
  /** The passive model's liveness 0..100 of the primary face; null when it did not run. */
  passiveScore: number | null;
}

/**
 * Everything the challenge needs from one frame: the face analysis (faces, pose, template), the
 * passive liveness score and the frame's fingerprints (for duplicates and replays).
 */
@Injectable()
export class FrameAnalyzer {
  constructor(private readonly engine: FaceEngine) {}

  async analyze(bytes: Buffer): Promise<AnalysedFrame> {
    // The engine first: an unusable image is refused by the image rules before anything else reads it.
    const analysis = await this.engine.analyze(bytes);
    const fingerprint = await fingerprintFrame(bytes);
    return { bytes, analysis, ...fingerprint, passiveScore: null };
  }

  /** The passive model's verdict on a score (its measured threshold and uncertain band). */
  judge(score: number): PassiveVerdict {
    return score >= 50 ? 'live' : score >= 20 ? 'uncertain' : 'attack';
  }
}
