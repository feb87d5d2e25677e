import { type EmbedderSetup, nonEmptySubsets } from '@app/face';

/** A set of embedders scored together: one alone (plain cosine) or several (fused). */
export interface Variant {
  /** FACE_EMBEDDERS-style name: "fr", "frnet", "fr,frnet". */
  name: string;
  modelVersions: string[];
}

/** Each embedder alone, then every combination of them; the last one is the full configuration. */
export function variantsOf(embedders: readonly EmbedderSetup[]): Variant[] {
  return nonEmptySubsets([...embedders]).map((subset) => ({
    name: subset.map((e) => e.name).join(','),
    modelVersions: subset.map((e) => e.modelVersion),
  }));
}
