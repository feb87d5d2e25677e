import { Transform } from 'class-transformer';
import { ArrayNotEmpty, ArrayUnique, IsBoolean, IsIn, IsInt, IsNumber, IsString, Max, Min, MinLength } from 'class-validator';
import { toBoolean, toList } from './env-transforms';

/** The face engine: models, worker threads and their queue, embedders, quality and liveness thresholds, image limits. */
export class FaceEnvironment {
  /** Folder holding the ONNX models fetched by `npm ci`. */
  @IsString()
  @MinLength(1)
  MODELS_DIR: string = './models';

  /** Worker threads running face inference (each holds its own ONNX sessions). */
  @IsInt()
  @Min(1)
  @Max(32)
  FACE_WORKERS: number = 2;

  /**
   * Images that may wait for a face worker thread (requests being read count for their images).
   * Beyond it a request is refused at once with 503 SERVICE_UNAVAILABLE and Retry-After. The
   * default is a few seconds of work for two threads with 5 MB images, and bounds the memory that
   * waiting uploads hold (about 10 MB per face match).
   */
  @IsInt()
  @Min(2)
  @Max(10_000)
  FACE_QUEUE_LIMIT: number = 32;

  /** Longest an image may wait and run in the face worker pool before its request fails with 503. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  FACE_TASK_TIMEOUT_MS: number = 20_000;

  /** With `FACE_EMBEDDERS=fr` alone: average each embedding with its mirrored crop's (+0.006 docsim TAR, ~10 ms per image). The fused default does not flip. */
  @Transform(toBoolean)
  @IsBoolean()
  FACE_FLIP_AUGMENT: boolean = true;

  /**
   * Face embedders to run, comma-separated: `fr` (ArcFace-style, 512-d) and `frnet` (face-api's
   * FaceRecognitionNet, 128-d). With several, their scores are fused (models/README.md).
   */
  @Transform(toList)
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(['fr', 'frnet'], { each: true })
  FACE_EMBEDDERS: Array<'fr' | 'frnet'> = ['fr', 'frnet'];

  /** Longest side an image is shrunk to when decoded; faces stay large enough for the 112 px crop. */
  @IsInt()
  @Min(320)
  @Max(8192)
  FACE_MAX_SIDE: number = 1280;

  /** Faces whose shorter box side is below this many pixels raise LOW_FACE_QUALITY. */
  @IsInt()
  @Min(1)
  FACE_MIN_QUALITY_SIZE: number = 64;

  /** Faces detected with less confidence than this raise LOW_FACE_QUALITY. */
  @IsNumber()
  @Min(0)
  @Max(1)
  FACE_MIN_QUALITY_CONFIDENCE: number = 0.9;

  /** Passive liveness scores (0..100) at or above this are live (measured: docs/accuracy.md, Liveness). */
  @IsNumber()
  @Min(0)
  @Max(100)
  LIVENESS_THRESHOLD: number = 65;

  /** Passive liveness scores below this are an attack (LIVENESS_FACE_ATTACK); from here up to LIVENESS_THRESHOLD, uncertain (LOW_LIVENESS_SCORE). */
  @IsNumber()
  @Min(0)
  @Max(100)
  LIVENESS_ATTACK_BELOW: number = 20;

  /** Largest accepted image, in bytes after base64 decoding (contract: 5 MB). */
  @IsInt()
  @Min(1024)
  IMAGE_MAX_BYTES: number = 5 * 1024 * 1024;

  /** Smallest accepted image side in pixels (contract: 80). */
  @IsInt()
  @Min(1)
  IMAGE_MIN_SIDE: number = 80;

  /** Largest accepted image in megapixels (contract: 40). */
  @IsNumber()
  @Min(0.01)
  IMAGE_MAX_MEGAPIXELS: number = 40;
}
