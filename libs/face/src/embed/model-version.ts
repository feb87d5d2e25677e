/** The embedders the engine can run, by their FACE_EMBEDDERS names. */
export const EMBEDDER_NAMES = ['fr', 'frnet'] as const;
export type EmbedderName = (typeof EMBEDDER_NAMES)[number];

/** The ArcFace-style recogniser and where it comes from (models/manifest.json). */
export const FEATURE_MODEL_ID = 'fr_feature@faceplugin-0.0.1';
/** face-api's FaceRecognitionNet, converted to ONNX at install time (models/convert-frnet.js). */
export const FRNET_MODEL_ID = 'frnet@face-api-1.7.15';

const MODEL_IDS: Record<EmbedderName, string> = { fr: FEATURE_MODEL_ID, frnet: FRNET_MODEL_ID };

/**
 * Whether flip averaging (embedding the mirrored crop too) pays for its time, measured per embedder
 * and configuration (models/README.md, "Flip averaging"): only for `fr` running alone (+0.006 docsim
 * TAR@FAR 1e-3, fewer false matches at the default threshold, ~9 ms). Fused with `frnet` it gained
 * nothing at FAR 1e-3; `frnet` itself does worse with it.
 */
export function flipPays(name: EmbedderName, configured: readonly EmbedderName[]): boolean {
  return name === 'fr' && configured.length === 1;
}

const FLIP_SUFFIX = '+flip';

/**
 * The version an embedding carries. Flip averaging is part of it: a flip-averaged embedding is a
 * different function of the face (its genuine and impostor cosines are distributed differently),
 * so each variant has its own calibration, and so does comparing one with the other
 * (`comparedVersion`).
 */
export function embeddingModelVersion(name: EmbedderName, flip: boolean): string {
  return flip ? `${MODEL_IDS[name]}${FLIP_SUFFIX}` : MODEL_IDS[name];
}

/** The network an embedding version comes from, without its flip variant. */
export function familyOf(modelVersion: string): string {
  return modelVersion.endsWith(FLIP_SUFFIX) ? modelVersion.slice(0, -FLIP_SUFFIX.length) : modelVersion;
}

/** The same network's other flip variant. */
export function otherVariantOf(modelVersion: string): string {
  return modelVersion.endsWith(FLIP_SUFFIX) ? familyOf(modelVersion) : `${modelVersion}${FLIP_SUFFIX}`;
}

/**
 * What a comparison of two embeddings of one network compares: the version itself when both sides
 * have the same, or "<plain> ~ <flip>" when one was flip-averaged and the other not (e.g. a stored
 * template from an engine that flipped). A mixed pair is a different distribution of cosines and
 * has its own calibration.
 */
export function comparedVersion(a: string, b: string): string {
  return a === b ? a : [a, b].sort().join(' ~ ');
}

/** One embedder as an engine runs it. */
export interface EmbedderSetup {
  name: EmbedderName;
  flip: boolean;
  modelVersion: string;
}

/**
 * The embedders of a configuration, in the order given. `flipAugment` off disables flip averaging;
 * on, it runs where it pays (`flipPays`) unless `flipOverrides` says otherwise (benchmarks).
 */
export function resolveEmbedders(
  names: readonly EmbedderName[],
  flipAugment: boolean,
  flipOverrides: Partial<Record<EmbedderName, boolean>> = {},
): EmbedderSetup[] {
  if (names.length === 0) throw new Error('at least one embedder must be configured');
  if (new Set(names).size !== names.length) throw new Error(`embedders listed twice: ${names.join(',')}`);
  return names.map((name) => {
    if (!EMBEDDER_NAMES.includes(name)) throw new Error(`unknown embedder "${name}" (known: ${EMBEDDER_NAMES.join(', ')})`);
    const flip = flipOverrides[name] ?? (flipAugment && flipPays(name, names));
    return { name, flip, modelVersion: embeddingModelVersion(name, flip) };
  });
}

/**
 * The key of a set of model versions compared together (calibrations are stored under it): the
 * versions sorted and joined with " & ", so the key does not depend on the configured order.
 */
export function combinationKey(modelVersions: readonly string[]): string {
  return [...modelVersions].sort().join(' & ');
}
