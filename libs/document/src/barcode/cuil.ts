/**
 * CUIL check digit (modulo 11 with weights 5,4,3,2,7,6,5,4,3,2 over prefix + DNI). When the rest is
 * 1 the registry changes the prefix (20 → 23 with digit 9, 27 → 23 with digit 4), which is why a
 * barcode carries both the prefix and the digit: we rebuild the CUIL and check it.
 */
const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** The check digit of the first 10 digits, or null when no digit fits (rest 1). */
export function cuilCheckDigit(firstTen: string): number | null {
  const sum = [...firstTen].reduce((total, digit, index) => total + Number(digit) * WEIGHTS[index], 0);
  const rest = 11 - (sum % 11);
  if (rest === 11) return 0;
  if (rest === 10) return null;
  return rest;
}

/** `('23', '12345678', '4')` → `'23123456784'` when the check digit is right; null otherwise. */
export function buildCuil(prefix: string, dni: string, checkDigit: string): string | null {
  if (!/^(20|23|24|27)$/.test(prefix) || !/^\d$/.test(checkDigit)) return null;
  const firstTen = `${prefix}${dni.padStart(8, '0')}`;
  return cuilCheckDigit(firstTen) === Number(checkDigit) ? `${firstTen}${checkDigit}` : null;
}
