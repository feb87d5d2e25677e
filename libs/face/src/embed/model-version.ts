/** The recogniser and where it comes from (models/manifest.json). */
export const FEATURE_MODEL_ID = 'fr_feature@faceplugin-0.0.1';

/**
 * The version every template carries. Flip averaging is part of it: a flip-averaged embedding is a
 * different function of the face (its genuine and impostor cosines are distributed differently),
 * so templates made with and without it must not be compared, and each has its own calibration.
 */
export function templateModelVersion(flipAugment: boolean): string {
  return flipAugment ? `${FEATURE_MODEL_ID}+flip` : FEATURE_MODEL_ID;
}
