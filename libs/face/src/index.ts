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
  EMBEDDER_NAMES,
  type EmbedderName,
  type EmbedderSetup,
  embeddingModelVersion,
  FEATURE_MODEL_ID,
  familyOf,
  flipPays,
  comparedVersion,
  otherVariantOf,
  FRNET_MODEL_ID,
  resolveEmbedders,
} from './embed/model-version';
export { sniffImageFormat } from './image/image-format';
export { toJpeg } from './image/to-jpeg';
