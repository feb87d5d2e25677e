/**
 * DNI and CUIL/CUIT helpers. A DNI is 7 or 8 digits; the registry never wants dots or leading zeros.
 * A DNI is personal data: logs and error messages carry it only through `maskDni`.
 */

const DNI_DIGITS = /^\d{7,8}$/;

/** `'12345678'` → `'****5678'`: enough to tell records apart in a log, not enough to identify anyone. */
export function maskDni(dni: string): string {
  const digits = dni.replace(/\D/g, '');
  return `****${digits.length > 4 ? digits.slice(-4) : ''}`;
}

/**
 * The DNI as the registry wants it (`'12.345.678'` → `'12345678'`, `'01234567'` → `'1234567'`),
 * or null when the value is not a 7- or 8-digit DNI.
 */
export function parseDni(value: string): string | null {
  const compact = value.trim().replace(/[.\s]/g, '');
  if (!/^\d+$/.test(compact)) return null;
  const dni = compact.replace(/^0+/, '');
  return DNI_DIGITS.test(dni) ? dni : null;
}

/**
 * The DNI inside an 11-digit CUIL/CUIT (`XX-DNI-X`): its 8 middle digits, where a 7-digit DNI is
 * left-padded with a zero. `'20-12345678-9'` → `'12345678'`, `'27-01234567-3'` → `'1234567'`.
 * The check digit is not verified: the registry is the judge of whether the person exists.
 * Null when the value is not 11 digits (dashes, dots and spaces allowed) or holds no valid DNI.
 */
export function dniFromCuil(cuil: string): string | null {
  const digits = cuil.trim().replace(/[-.\s]/g, '');
  if (!/^\d{11}$/.test(digits)) return null;
  return parseDni(digits.slice(2, 10));
}
