export * from './face.types';
export { FaceEngine, type FaceEngineOptions, type FaceEngineStatus } from './engine/face-engine';
export { FaceModule } from './face.module';
export {
  type CalibrationKnot,
  CalibrationError,
  cosineToScore,
  DEFAULT_MATCH_SCORE,
  loadCalibration,
  type ScoreCalibration,
  scoreToCosine,
  validateCalibration,
} from './calibration/score-calibration';
export { buildCalibration, FAR_1E3_SAFETY_MARGIN, type ProtocolThresholds } from './calibration/build-calibration';
export { cosineSimilarity } from './embed/vector-math';
export { FEATURE_MODEL_ID, templateModelVersion } from './embed/model-version';
export { sniffImageFormat } from './image/image-format';
