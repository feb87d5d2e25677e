export * from './face.types';
export { type FaceAdmission, FaceEngine, type FaceEngineOptions, type FaceEngineStatus } from './engine/face-engine';
export { compareTemplates } from './engine/template-comparison';
export { FaceModule } from './face.module';
export {
  type CalibrationKnot,
  CalibrationError,
  type CosineNormalisation,
  DEFAULT_MATCH_SCORE,
  type ScoreCalibration,
  scoreToSimilarity,
  similarityOf,
  similarityRange,
  similarityToScore,
  validateCalibration,
} from './calibration/score-calibration';
export { CALIBRATE_COMMAND, CalibrationSet, comparableSets, nonEmptySubsets, type StoredCalibration } from './calibration/calibration-set';
export { buildCalibration, type ProtocolThresholds, SAFETY_MARGIN_IMPOSTOR_SDS } from './calibration/build-calibration';
export { cosineSimilarity } from './embed/vector-math';
export {
  combinationKey,
  comparedVersion,
  EMBEDDER_NAMES,
  type EmbedderName,
  type EmbedderSetup,
  embeddingModelVersion,
  familyOf,
  FEATURE_MODEL_ID,
  flipPays,
  FRNET_MODEL_ID,
  otherVariantOf,
  resolveEmbedders,
} from './embed/model-version';
export { sniffImageFormat } from './image/image-format';
export { toJpeg } from './image/to-jpeg';
export { type AnalyzeOptions } from './pipeline/face-pipeline';
export { LIVENESS_MODEL_VERSION } from './liveness/liveness-model';
export { DEFAULT_LIVENESS_THRESHOLDS, judgeLiveness, type LivenessThresholds, type LivenessVerdict } from './liveness/liveness-verdict';
export { differenceHash, hammingDistance } from './anti-replay/perceptual-hash';
export { imageDifferenceHash } from './anti-replay/image-hash';
export { type Capture, isSameCapture, SAME_CAPTURE_BOUNDS, type SameCaptureVerdict } from './anti-replay/same-capture';
