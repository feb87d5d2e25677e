import type { DniReading } from '@app/document';
import { dniData, dniReading } from '@app/document/testing';
import { decideIdVerification, IdVerificationFacts } from './id-verification.rules';

function facts(overrides: Partial<IdVerificationFacts> = {}): IdVerificationFacts {
  return {
    reading: dniReading(),
    portraitFound: true,
    minimumAge: null,
    entity: null,
    today: { year: 2026, month: 12, day: 2 },
    ...overrides,
  };
}

describe('decideIdVerification', () => {
  it('approves a readable, valid, current card with a portrait', () => {
    expect(decideIdVerification(facts())).toMatchObject({ status: 'approved', warnings: [], extractedData: dniData() });
  });

  it('declines with BARCODE_NOT_DETECTED and no data when nothing was read', () => {
    expect(decideIdVerification(facts({ reading: { outcome: 'not-detected' } }))).toMatchObject({
      status: 'declined',
      warnings: ['BARCODE_NOT_DETECTED'],
      extractedData: null,
    });
  });

  it('declines with BARCODE_VALIDATION_FAILED when the barcode is not a valid DNI', () => {
    const reading: DniReading = { outcome: 'read', attempt: 'crop', valid: false, reason: 'sexo is not M, F or X' };
    expect(decideIdVerification(facts({ reading }))).toMatchObject({
      status: 'declined',
      warnings: ['BARCODE_VALIDATION_FAILED'],
      extractedData: null,
    });
  });

  it('declines with DOCUMENT_EXPIRED the day after the expiry', () => {
    const reading = dniReading({ expiryDate: '2034-06-15' });
    expect(decideIdVerification(facts({ reading, today: { year: 2034, month: 6, day: 15 } })).warnings).toEqual([]);
    expect(decideIdVerification(facts({ reading, today: { year: 2034, month: 6, day: 16 } })).warnings).toEqual(['DOCUMENT_EXPIRED']);
  });

  it('declines with MINIMUM_AGE_NOT_MET below the minimum age, counting birthdays', () => {
    const reading = dniReading({ dateOfBirth: '1981-03-09' }); // 45 on 2026-12-02
    expect(decideIdVerification(facts({ reading, minimumAge: 45 })).warnings).toEqual([]);
    expect(decideIdVerification(facts({ reading, minimumAge: 46 })).warnings).toEqual(['MINIMUM_AGE_NOT_MET']);
  });

  it('declines with PORTRAIT_IMAGE_NOT_DETECTED when the front has no face', () => {
    expect(decideIdVerification(facts({ portraitFound: false })).warnings).toEqual(['PORTRAIT_IMAGE_NOT_DETECTED']);
  });

  it('accepts an entity that agrees, including a name the card cut short and accents', () => {
    const entity = {
      taxId: '27-28456712-4',
      person: {
        idNumber: '28.456.712',
        gender: 'F' as const,
        lastName: 'Sosa',
        firstName: 'María Valeria Inés',
        dateOfBirth: '1981-03-09',
      },
    };
    const reading = dniReading({ documentNumber: '28456712', lastName: 'SOSA', firstName: 'MARIA VALERIA', cuil: '27284567124' });
    expect(decideIdVerification(facts({ reading, entity })).warnings).toEqual([]);
  });

  // Each entity contradicts the shared card (dniData(): 28456712, F, 1981-03-09, SOSA, MARIA VALERIA, CUIL 27-28456712-4) on one field.
  it.each([
    ['person.idNumber', { person: { idNumber: '28456713' }, taxId: null }],
    ['person.gender', { person: { gender: 'M' as const }, taxId: null }],
    ['person.dateOfBirth', { person: { dateOfBirth: '1981-03-10' }, taxId: null }],
    ['person.lastName', { person: { lastName: 'PEREZ' }, taxId: null }],
    ['person.firstName', { person: { firstName: 'ANA' }, taxId: null }],
    ['taxId', { person: null, taxId: '20-11111111-2' }],
    ['taxId', { person: null, taxId: '20-28456712-0' }],
  ])('declines with DATA_INCONSISTENT when %s disagrees', (field, entity) => {
    const decision = decideIdVerification(facts({ entity }));
    expect(decision.warnings).toEqual(['DATA_INCONSISTENT']);
    expect(decision.inconsistentFields).toEqual([field]);
  });
});
