import { ValueTransformer } from 'typeorm';

/**
 * node-postgres returns `numeric` as a string so that no precision is lost; our numeric columns are
 * scores and thresholds with two decimals, which a JS number holds exactly enough.
 */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A JSON object stored in a `jsonb` column. */
export type JsonObject = Record<string, unknown>;
