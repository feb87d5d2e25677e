import type { KeyCase } from '../config/behaviour';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Re-cases every key of an answer, the way some gateways in front of the registry do. */
export function applyKeyCase(value: Json, keyCase: KeyCase): Json {
  if (keyCase === 'registry') return value;
  if (Array.isArray(value)) return value.map((item) => applyKeyCase(item, keyCase));
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const [key, inner] of Object.entries(value)) {
    out[keyCase === 'upper' ? key.toUpperCase() : key.toLowerCase()] = applyKeyCase(inner, keyCase);
  }
  return out;
}
