import { addYears, ageOn, CalendarDate, compareDates, dayBefore } from './dni-dates';

/**
 * When a DNI tarjeta stops being valid, derived from its emission date and the holder's birth date
 * (the new card's barcode does not carry the expiry printed on the plastic).
 *
 * Sources (checked 2026-12):
 * - Holders aged 14 or more at issue: valid 15 years from the emission date — Dirección Provincial
 *   del Registro Civil (Mendoza), reported by mejorinformado.com, 2026-01-05: "los documentos de
 *   identidad de todas las personas mayores de 14 años ... tienen una validez de 15 años contados
 *   desde la fecha de su emisión".
 * - Minors: RENAPER, reported by diariospatagonicos.com.ar (2018-01): the first update is due
 *   between 5 and 8 years of age and the card lapses the day before the 9th birthday; the second
 *   is due at 14 and the card lapses on the 15th birthday. So a card issued before 5 lasts until the
 *   day before the 9th birthday, one issued from 5 to 13 until the day before the 15th birthday.
 * - Holders aged 75 or more are not obliged to renew their document (RENAPER, reported by
 *   elonce.com, 2017-03). We therefore never call such a holder's card expired (see
 *   `isExpiredOn`), but still report the 15-year date as `expiryDate` because that is what the
 *   plastic shows.
 * Cards of the first generation issued to 14-year-olds lasted until 16; their plastic is the
 * judge, and the old layout's barcode carries that printed expiry, which we use as it is.
 */
export function expiryFromEmission(emission: CalendarDate, birth: CalendarDate): CalendarDate {
  const ageAtIssue = ageOn(birth, emission);
  if (ageAtIssue < 5) return dayBefore(addYears(birth, 9));
  if (ageAtIssue < 14) return dayBefore(addYears(birth, 15));
  return addYears(emission, 15);
}

/** Age from which holders are not obliged to renew (see above). */
export const NO_RENEWAL_AGE = 75;

/** True when the card is past its expiry on `today`, unless the holder is exempt by age. */
export function isExpiredOn(expiry: CalendarDate, birth: CalendarDate, today: CalendarDate): boolean {
  if (ageOn(birth, today) >= NO_RENEWAL_AGE) return false;
  return compareDates(today, expiry) > 0;
}
