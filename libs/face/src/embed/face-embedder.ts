import type { InferenceSession } from 'onnxruntime-node';
import { ALIGNED_FACE_SIDE } from '../align/align-face';
import { toPlanarNormalised } from '../image/tensor-layout';
import { runModel } from '../pipeline/onnx-session';
import { normaliseInPlace } from './vector-math';

export const EMBEDDING_SIZE = 512;

/** The ArcFace-style recogniser: aligned 112x112 RGB, (x - 127) / 128, to a 512-d embedding. */
export class FaceEmbedder {
  constructor(
    private readonly session: InferenceSession,
    private readonly flipAugment: boolean,
  ) {}

  /**
   * L2-normalised embedding of an aligned face (interleaved RGB 0..255). With flip averaging the
   * mirrored crop is embedded too and the two unit vectors are summed and renormalised: it cancels
   * part of the pose and lighting asymmetry and makes the result independent of mirroring.
   */
  async embed(alignedFace: Float32Array): Promise<Float32Array> {
    const embedding = await this.embedOnce(alignedFace, false);
    if (!this.flipAugment) return embedding;
    const mirrored = await this.embedOnce(alignedFace, true);
    for (let i = 0; i < embedding.length; i++) embedding[i] += mirrored[i];
    return normaliseInPlace(embedding);
  }

  private async embedOnce(alignedFace: Float32Array, mirrored: boolean): Promise<Float32Array> {
    const input = toPlanarNormalised(alignedFace, ALIGNED_FACE_SIDE, ALIGNED_FACE_SIDE, mirrored);
    const outputs = await runModel(this.session, input, [1, 3, ALIGNED_FACE_SIDE, ALIGNED_FACE_SIDE]);
    const raw = outputs[this.session.outputNames[0]];
    if (raw.length !== EMBEDDING_SIZE) throw new Error(`recogniser returned ${raw.length} values, expected ${EMBEDDING_SIZE}`);
    return normaliseInPlace(Float32Array.from(raw));
  }
}
