import { DomainError } from '@app/core';
import type { CalibrationSet } from '../calibration/calibration-set';
import { similarityOf, similarityToScore } from '../calibration/score-calibration';
import { combinationKey, comparedVersion, familyOf } from '../embed/model-version';
import { cosineSimilarity } from '../embed/vector-math';
import type { FaceComparison, FaceEmbedding, FaceTemplate } from '../face.types';

const describe = (template: FaceTemplate) => template.embeddings.map((e) => e.modelVersion).join(', ') || 'none';

/** The template's embedding of `version`, else one of the same network's other flip variant. */
function pick(embeddings: readonly FaceEmbedding[], version: string): FaceEmbedding | undefined {
  const family = familyOf(version);
  return embeddings.find((e) => e.modelVersion === version) ?? embeddings.find((e) => familyOf(e.modelVersion) === family);
}

/**
 * Compares two templates with the embedders both have, of the networks the engine runs
 * (`engineVersions`, in its order), and scores the comparison with the calibration of exactly what
 * was compared. An embedding of the other flip variant of a network counts (a stored template from
 * an engine that flipped) as a mixed pair with its own calibration. Anything but the engine's own
 * full set is a fallback, reported as such. Throws a CONFLICT DomainError when the templates share
 * no network the engine runs, or when what they share has no calibration.
 */
export function compareTemplates(
  a: FaceTemplate,
  b: FaceTemplate,
  engineVersions: readonly string[],
  calibrations: CalibrationSet,
): FaceComparison {
  const left = a.embeddings;
  const right = b.embeddings;
  const compared: string[] = [];
  const cosines: Record<string, number> = {};
  for (const version of engineVersions) {
    const x = pick(left, version);
    const y = pick(right, version);
    if (!x || !y) continue;
    const key = comparedVersion(x.modelVersion, y.modelVersion);
    compared.push(key);
    cosines[key] = cosineSimilarity(x.vector, y.vector);
  }
  const calibration = compared.length > 0 ? calibrations.find(compared) : undefined;
  if (!calibration) {
    const what = compared.length > 0 ? `no calibration for ${combinationKey(compared)}` : 'no embedding this engine compares';
    throw new DomainError(
      'CONFLICT',
      `face templates (${describe(a)} vs ${describe(b)}) cannot be compared: ${what}; ` + `this engine runs ${engineVersions.join(', ')}`,
    );
  }
  const similarity = similarityOf(calibration, cosines);
  return {
    score: similarityToScore(calibration, similarity),
    similarity: round6(similarity),
    embedders: compared,
    fallback: compared.length !== engineVersions.length || compared.some((key, i) => key !== engineVersions[i]),
    cosines: Object.fromEntries(compared.map((key) => [key, round6(cosines[key])])),
    cosine: round6(cosines[compared[0]]),
  };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
