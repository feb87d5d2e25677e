import type { EntityRecord } from '@app/audit';
import { ageOn, type CalendarDate, type DniData, type DniReading, isExpiredOn, parseIsoDate } from '@app/document';

/**
 * What a DNI front can be wrong about, for every feature that reads one (ID verification and the
 * session's document step): one list, one rule.
 */
export const DNI_CARD_WARNINGS = [
  'BARCODE_NOT_DETECTED',
  'BARCODE_VALIDATION_FAILED',
  'DOCUMENT_EXPIRED',
  'MINIMUM_AGE_NOT_MET',
  'DATA_INCONSISTENT',
  'PORTRAIT_IMAGE_NOT_DETECTED',
] as const;
export type DniCardWarning = (typeof DNI_CARD_WARNINGS)[number];

export interface DniCardFacts {
  reading: DniReading;
  /** A face was found on the front (the portrait). */
  portraitFound: boolean;
  minimumAge: number | null;
  entity: Pick<EntityRecord, 'person' | 'taxId'> | null;
  today: CalendarDate;
}

export interface DniCardCheck {
  warnings: DniCardWarning[];
  /** The card's data when its barcode was read and valid. */
  extractedData: DniData | null;
  /** Which fields disagree with the entity (names only, never values): for the audit details. */
  inconsistentFields: string[];
}

/** The warnings of one card front: its barcode, its validity, the holder's age, the entity's data, the portrait. Pure. */
export function checkDniCard(facts: DniCardFacts): DniCardCheck {
  const warnings: DniCardWarning[] = [];
  let extractedData: DniData | null = null;
  let inconsistentFields: string[] = [];
  if (facts.reading.outcome === 'not-detected') warnings.push('BARCODE_NOT_DETECTED');
  else if (!facts.reading.valid) warnings.push('BARCODE_VALIDATION_FAILED');
  else {
    extractedData = facts.reading.data;
    const birth = parseIsoDate(extractedData.dateOfBirth) as CalendarDate;
    const expiry = parseIsoDate(extractedData.expiryDate) as CalendarDate;
    if (isExpiredOn(expiry, birth, facts.today)) warnings.push('DOCUMENT_EXPIRED');
    if (facts.minimumAge !== null && ageOn(birth, facts.today) < facts.minimumAge) warnings.push('MINIMUM_AGE_NOT_MET');
    if (facts.entity) inconsistentFields = inconsistentWithEntity(extractedData, facts.entity);
    if (inconsistentFields.length > 0) warnings.push('DATA_INCONSISTENT');
  }
  if (!facts.portraitFound) warnings.push('PORTRAIT_IMAGE_NOT_DETECTED');
  return { warnings, extractedData, inconsistentFields };
}

/**
 * The entity fields that contradict the card. Absent entity fields are not contradictions. Names
 * are compared without accents and case, and a name the card's printer cut short only has to be the
 * start of the entity's.
 */
export function inconsistentWithEntity(card: DniData, entity: Pick<EntityRecord, 'person' | 'taxId'>): string[] {
  const fields: string[] = [];
  const person = entity.person ?? {};
  if (person.idNumber && digitsWithoutZeros(person.idNumber) !== card.documentNumber) fields.push('person.idNumber');
  if (person.gender && person.gender !== card.sex) fields.push('person.gender');
  if (person.dateOfBirth && person.dateOfBirth !== card.dateOfBirth) fields.push('person.dateOfBirth');
  if (person.lastName && !sameName(person.lastName, card.lastName)) fields.push('person.lastName');
  if (person.firstName && !sameName(person.firstName, card.firstName)) fields.push('person.firstName');
  if (entity.taxId) {
    const taxDigits = entity.taxId.replace(/\D/g, '');
    const dniInTaxId = taxDigits.length === 11 ? digitsWithoutZeros(taxDigits.slice(2, 10)) : null;
    if (dniInTaxId !== card.documentNumber || (card.cuil !== undefined && taxDigits !== card.cuil)) fields.push('taxId');
  }
  return fields;
}

function digitsWithoutZeros(value: string): string {
  return value.replace(/\D/g, '').replace(/^0+/, '');
}

function normalName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function sameName(entityName: string, cardName: string): boolean {
  const entity = normalName(entityName);
  const card = normalName(cardName);
  return card.length > 0 && entity.startsWith(card);
}
