export * from './face.types';
export { FaceEngine, type FaceEngineOptions, type FaceEngineStatus } from './engine/face-engine';
export { compareTemplates, embeddingsOf } from './engine/template-comparison';
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
