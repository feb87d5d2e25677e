import type { DniData } from '../barcode/dni-data';
import type { DniReading } from '../dni-document-reader';
import type { SyntheticPerson } from './dni-barcode-text';

/**
 * The one card the tests share, told three ways: as its barcode parses (`dniData`, the one place
 * its values are written), as printed on a synthetic front (`dniPerson`) and as the reader answers
 * for it (`dniReading`). It is the RENAPER sandbox's matching person: MARIA VALERIA SOSA, DNI
 * 28456712, F, trámite 00623451287, ejemplar B, born 1981-03-09, issued 2019-06-15 (so it expires
 * 2034-06-15), CUIL 27-28456712-4.
 *
 * Types only are imported here, so unit specs load nothing heavy with it. A test passes what it is
 * about as overrides, so the values it relies on stand at the call site.
 */
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

/** The same card as printed (dates `dd/mm/yyyy`, the CUIL's prefix only), with `overrides`. */
export function dniPerson(overrides: Partial<SyntheticPerson> = {}): SyntheticPerson {
  const card = dniData();
  return {
    tramite: card.tramite,
    lastName: card.lastName,
    firstName: card.firstName,
    sex: card.sex,
    dni: card.documentNumber,
    ejemplar: card.ejemplar,
    birth: printed(card.dateOfBirth),
    emission: printed(card.issueDate),
    cuilPrefix: card.cuil?.slice(0, 2),
    ...overrides,
  };
}

/** The reader's answer for a photo whose new-layout barcode read at the first attempt: `dniData(data)`. */
export function dniReading(data: Partial<DniData> = {}): DniReading {
  return { outcome: 'read', attempt: 'as-is', valid: true, layout: 'card', data: dniData(data) };
}

/** `yyyy-mm-dd` as the card prints it, `dd/mm/yyyy`. */
function printed(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}
