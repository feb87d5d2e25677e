import type { InferenceSession } from 'onnxruntime-node';
import { FRNET_INPUT_SIDE, frnetCrop, mirrorCrop } from '../align/frnet-crop';
import { runModel } from '../pipeline/onnx-session';
import type { Embedder, LocatedFace } from './embedder';
import { normaliseInPlace } from './vector-math';

export const FRNET_EMBEDDING_SIZE = 128;

/**
 * face-api's FaceRecognitionNet (`frnet`), run by onnxruntime from the graph models/convert-frnet.js
 * builds: the dlib-style 150x150 crop (no rotation), NHWC RGB 0..255 (the per-channel mean and the
 * /255 are inside the graph), to a 128-d descriptor, L2-normalised here.
 */
export class FrnetEmbedder implements Embedder {
  constructor(
    readonly modelVersion: string,
    private readonly session: InferenceSession,
    private readonly flipAugment: boolean,
  ) {}

  async embed(face: LocatedFace): Promise<Float32Array> {
    const crop = frnetCrop(face.image, face.points68);
    const embedding = await this.describe(crop);
    if (!this.flipAugment) return embedding;
    const mirrored = await this.describe(mirrorCrop(crop, FRNET_INPUT_SIDE));
    for (let i = 0; i < embedding.length; i++) embedding[i] += mirrored[i];
    return normaliseInPlace(embedding);
  }

  /** The unit-length descriptor of one 150x150 crop. */
  async describe(crop: Float32Array): Promise<Float32Array> {
    const outputs = await runModel(this.session, crop, [1, FRNET_INPUT_SIDE, FRNET_INPUT_SIDE, 3]);
    const raw = outputs[this.session.outputNames[0]];
    if (raw.length !== FRNET_EMBEDDING_SIZE)
      throw new Error(`FaceRecognitionNet returned ${raw.length} values, expected ${FRNET_EMBEDDING_SIZE}`);
    return normaliseInPlace(Float32Array.from(raw));
  }
}
