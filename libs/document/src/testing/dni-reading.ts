import type { DniData } from '../barcode/dni-data';
import type { DniReading } from '../dni-document-reader';
import type { SyntheticPerson } from './dni-barcode-text';

/**
 * The one card the tests share, told three ways: as printed on a synthetic front (`dniPerson`), as
 * its barcode parses (`dniData`) and as the reader answers for it (`dniReading`). It is the RENAPER
 * sandbox's matching person: MARIA VALERIA SOSA, DNI 28456712, F, trámite 00623451287, ejemplar B,
 * born 09/03/1981, issued 15/06/2019 (so it expires 15/06/2034), CUIL 27-28456712-4.
 *
 * Types only are imported here, so unit specs load nothing heavy with it. A test passes what it is
 * about as overrides, so the values it relies on stand at the call site.
 */
export function dniPerson(overrides: Partial<SyntheticPerson> = {}): SyntheticPerson {
  return {
    tramite: '00623451287',
    lastName: 'SOSA',
    firstName: 'MARIA VALERIA',
    sex: 'F',
    dni: '28456712',
    ejemplar: 'B',
    birth: '09/03/1981',
    emission: '15/06/2019',
    cuilPrefix: '27',
    ...overrides,
  };
}

/** What the barcode of `dniPerson()` says (dates `yyyy-mm-dd`, the CUIL rebuilt), with `overrides`. */
export function dniData(overrides: Partial<DniData> = {}): DniData {
  return {
    documentNumber: '28456712',
    sex: 'F',
    tramite: '00623451287',
    ejemplar: 'B',
    lastName: 'SOSA',
    firstName: 'MARIA VALERIA',
    dateOfBirth: '1981-03-09',
    issueDate: '2019-06-15',
    expiryDate: '2034-06-15',
    cuil: '27284567124',
    ...overrides,
  };
}

/** The reader's answer for a photo whose new-layout barcode read at the first attempt: `dniData(data)`. */
export function dniReading(data: Partial<DniData> = {}): DniReading {
  return { outcome: 'read', attempt: 'as-is', valid: true, layout: 'card', data: dniData(data) };
}
