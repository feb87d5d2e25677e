import type { InferenceSession } from 'onnxruntime-node';
import { ALIGNED_FACE_SIDE, alignFace } from '../align/align-face';
import { toPlanarNormalised } from '../image/tensor-layout';
import { runModel } from '../pipeline/onnx-session';
import type { Embedder, LocatedFace } from './embedder';
import { normaliseInPlace } from './vector-math';

export const FR_EMBEDDING_SIZE = 512;

/**
 * The ArcFace-style recogniser (`fr`): the face aligned onto the 112x112 ArcFace template by its five
 * points, planar RGB (x - 127) / 128, to a 512-d embedding.
 */
export class FrEmbedder implements Embedder {
  constructor(
    readonly modelVersion: string,
    private readonly session: InferenceSession,
    private readonly flipAugment: boolean,
  ) {}

  /**
   * With flip averaging the mirrored crop is embedded too and the two unit vectors are summed and
   * renormalised: it cancels part of the pose and lighting asymmetry and makes the result
   * independent of mirroring.
   */
  async embed(face: LocatedFace): Promise<Float32Array> {
    const aligned = alignFace(face.image, face.points5);
    const embedding = await this.embedOnce(aligned, false);
    if (!this.flipAugment) return embedding;
    const mirrored = await this.embedOnce(aligned, true);
    for (let i = 0; i < embedding.length; i++) embedding[i] += mirrored[i];
    return normaliseInPlace(embedding);
  }

  private async embedOnce(alignedFace: Float32Array, mirrored: boolean): Promise<Float32Array> {
    const input = toPlanarNormalised(alignedFace, ALIGNED_FACE_SIDE, ALIGNED_FACE_SIDE, mirrored);
    const outputs = await runModel(this.session, input, [1, 3, ALIGNED_FACE_SIDE, ALIGNED_FACE_SIDE]);
    const raw = outputs[this.session.outputNames[0]];
    if (raw.length !== FR_EMBEDDING_SIZE) throw new Error(`recogniser returned ${raw.length} values, expected ${FR_EMBEDDING_SIZE}`);
    return normaliseInPlace(Float32Array.from(raw));
  }
}
