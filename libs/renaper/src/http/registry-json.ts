/**
 * The registry's answers with every key lower-cased once, because gateways in front of it change
 * key casing (`ID_TRAMITE_PRINCIPAL`, `id_tramite_principal`, `transactionControlNumber`...).
 * Readers below accept the loose types the registry uses (numbers as strings, "SI"/"NO" flags).
 */
export type RegistryValue = string | number | boolean | null | RegistryValue[] | RegistryObject;
export interface RegistryObject {
  [key: string]: RegistryValue;
}

/** Deep copy of parsed JSON with lower-case keys; values the JSON grammar cannot produce become null. */
export function lowerCaseKeys(value: unknown): RegistryValue {
  if (Array.isArray(value)) return value.map(lowerCaseKeys);
  if (value !== null && typeof value === 'object') {
    const out: RegistryObject = {};
    for (const [key, inner] of Object.entries(value)) out[key.toLowerCase()] = lowerCaseKeys(inner);
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

export function asObject(value: RegistryValue | undefined): RegistryObject | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

export function asArray(value: RegistryValue | undefined): RegistryValue[] {
  return Array.isArray(value) ? value : [];
}

/** Strings and numbers as trimmed text; null when absent or empty. */
export function asText(value: RegistryValue | undefined): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** Numbers, or numeric strings (a decimal comma accepted); null otherwise. */
export function asNumber(value: RegistryValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = asText(value);
  if (text === null || !/^-?\d+([.,]\d+)?$/.test(text)) return null;
  return Number(text.replace(',', '.'));
}

const YES = new Set(['SI', 'SÍ', 'S', 'TRUE', 'YES', '1']);
const NO = new Set(['NO', 'N', 'FALSE', '0']);

/** "SI"/"NO", true/false, 1/0 → boolean; null when absent or anything else. */
export function asFlag(value: RegistryValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = asText(value)?.toUpperCase();
  if (text === undefined) return null;
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return null;
}
