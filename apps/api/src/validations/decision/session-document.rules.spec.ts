import { expect } from '@jest/globals';
import type { DniReading } from '@app/document';
import { dniReading } from '@app/document/testing';
import { checkDniCard } from '../../id-verification/dni-card.rules';
import { barcodeRefusal, describeCard } from './session-document.rules';

const READ = dniReading({ documentNumber: '28456712', tramite: '00623451287', lastName: 'SOSA', cuil: '27284567124' });
const NOT_DETECTED: DniReading = { outcome: 'not-detected' };
const FOREIGN: DniReading = { outcome: 'read', attempt: 'crop', valid: false, reason: 'not a DNI barcode (2 fields)' };
const TODAY = { year: 2026, month: 12, day: 2 };

describe('barcodeRefusal (the document step)', () => {
  it('refuses a photo whose barcode was not found, when the organization requires a readable one', () => {
    expect(barcodeRefusal(NOT_DETECTED, true)).toMatchObject({
      reason: 'BARCODE_NOT_DETECTED',
      message: expect.stringMatching(/another photo/),
    });
  });

  it('refuses a barcode that is not a valid DNI one, when required', () => {
    expect(barcodeRefusal(FOREIGN, true)).toMatchObject({ reason: 'BARCODE_VALIDATION_FAILED' });
  });

  it('accepts a valid DNI barcode when required', () => {
    expect(barcodeRefusal(READ, true)).toBeNull();
  });

  it('accepts every photo when the organization does not require it (the decision records the warning)', () => {
    expect(barcodeRefusal(NOT_DETECTED, false)).toBeNull();
    expect(barcodeRefusal(FOREIGN, false)).toBeNull();
  });
});

describe('describeCard (what the decision keeps of the card)', () => {
  it('keeps the warnings, the names of the contradicted fields and how the barcode read, never the data', () => {
    const check = checkDniCard({
      reading: READ,
      portraitFound: true,
      minimumAge: null,
      entity: { person: { lastName: 'PEREZ' }, taxId: null },
      today: TODAY,
    });
    const described = describeCard(READ, check);
    expect(described).toEqual({
      warnings: ['DATA_INCONSISTENT'],
      inconsistentFields: ['person.lastName'],
      barcode: { detected: true, valid: true, layout: 'card', invalidReason: null },
    });
    expect(JSON.stringify(described)).not.toMatch(/28456712|00623451287|SOSA|27284567124/);
  });

  it('says why a barcode was not usable', () => {
    const none = checkDniCard({ reading: NOT_DETECTED, portraitFound: true, minimumAge: null, entity: null, today: TODAY });
    expect(describeCard(NOT_DETECTED, none)).toEqual({
      warnings: ['BARCODE_NOT_DETECTED'],
      inconsistentFields: [],
      barcode: { detected: false, valid: false, layout: null, invalidReason: null },
    });
    const foreign = checkDniCard({ reading: FOREIGN, portraitFound: false, minimumAge: null, entity: null, today: TODAY });
    expect(describeCard(FOREIGN, foreign)).toEqual({
      warnings: ['BARCODE_VALIDATION_FAILED', 'PORTRAIT_IMAGE_NOT_DETECTED'],
      inconsistentFields: [],
      barcode: { detected: true, valid: false, layout: null, invalidReason: 'not a DNI barcode (2 fields)' },
    });
  });
});
