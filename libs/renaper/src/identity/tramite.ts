/**
 * Número de trámite: printed with leading zeros (11 digits), returned by the registry without them,
 * sometimes as a JSON number. Only its numeric value is significant, so it is compared as a number
 * (11 digits stay well inside Number.MAX_SAFE_INTEGER).
 */

/** `'00612345678'`, `612345678` → `612345678`; null when the value is not a trámite number. */
export function parseTramite(value: string | number): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  const digits = value.trim();
  if (!/^\d{1,15}$/.test(digits)) return null;
  return Number(digits);
}

/** True when both values are the same trámite, ignoring leading zeros. */
export function sameTramite(a: string | number, b: string | number): boolean {
  const left = parseTramite(a);
  return left !== null && left === parseTramite(b);
}
