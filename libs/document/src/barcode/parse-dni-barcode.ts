import { buildCuil } from './cuil';
import { DniBarcodeParse, DniData } from './dni-data';
import { CalendarDate, compareDates, parseBarcodeDate, toIsoDate } from './dni-dates';
import { expiryFromEmission } from './dni-validity';

/**
 * Parses the text of the PDF417 on the front of an Argentine DNI. Pure: no clock, no I/O.
 *
 * New card (tarjeta, 2009 on), 8 or 9 fields separated by `@`:
 *   trámite @ apellido @ nombres @ sexo @ DNI @ ejemplar @ nacimiento @ emisión [@ CUIL prefix+digit]
 *   e.g. `00327345190@GARCIA@JUAN FRANCISCO@M@23680640@A@25/08/1979@06/01/2015@209`
 * Old card (the first generation, 2009–2012) starts with `@` and has 15–17 fields:
 *   @ DNI @ ejemplar @ ? @ apellido @ nombres @ nacionalidad @ nacimiento @ sexo @ emisión @ trámite
 *   @ oficina @ vencimiento @ ...
 *   e.g. `@14157955    @A@1@GUTIERREZ@ROBERTO DANIEL@ARGENTINA@31/05/1960@M@01/11/2011@00079064950@7055 @01/11/2026@421@0@...`
 * Names may be cut short by the card's printer; they are returned as they are.
 */
export function parseDniBarcode(text: string): DniBarcodeParse {
  const fields = text.replace(/[\r\n]+$/g, '').split('@');
  if (fields[0] === '' && fields.length >= 15 && fields.length <= 17) return parseLegacy(fields);
  if (fields.length === 8 || fields.length === 9) return parseCard(fields);
  return invalid(`not a DNI barcode (${fields.length} fields)`);
}

function parseCard(fields: string[]): DniBarcodeParse {
  const [tramite, lastName, firstName, sex, dni, ejemplar, birth, emission, cuilTail] = fields.map((f) => f.trim());
  return buildData('card', { tramite, lastName, firstName, sex, dni, ejemplar, birth, emission, cuilTail });
}

function parseLegacy(fields: string[]): DniBarcodeParse {
  const at = (index: number) => (fields[index] ?? '').trim();
  // Some old cards print a letter before the number (e.g. `F14157955`): the number is the digits.
  const dni = at(1).replace(/^[MF](?=\d)/, '');
  return buildData('legacy', {
    dni,
    ejemplar: at(2),
    lastName: at(4),
    firstName: at(5),
    birth: at(7),
    sex: at(8),
    emission: at(9),
    tramite: at(10),
    printedExpiry: at(12),
  });
}

interface RawFields {
  tramite: string;
  lastName: string;
  firstName: string;
  sex: string;
  dni: string;
  ejemplar: string;
  birth: string;
  emission: string;
  cuilTail?: string;
  printedExpiry?: string;
}

function buildData(layout: 'card' | 'legacy', raw: RawFields): DniBarcodeParse {
  if (!/^\d{1,15}$/.test(raw.tramite)) return invalid('trámite is not a number');
  if (!raw.lastName) return invalid('no last name');
  if (!raw.firstName) return invalid('no first name');
  if (raw.sex !== 'M' && raw.sex !== 'F' && raw.sex !== 'X') return invalid('sexo is not M, F or X');
  const dni = /^\d+$/.test(raw.dni) ? raw.dni.replace(/^0+/, '') : '';
  if (!/^\d{7,8}$/.test(dni)) return invalid('DNI is not 7 or 8 digits');
  if (!/^[A-Z]$/.test(raw.ejemplar)) return invalid('ejemplar is not a letter');
  const birth = parseBarcodeDate(raw.birth);
  if (!birth) return invalid('birth date is not a real date');
  const emission = parseBarcodeDate(raw.emission);
  if (!emission) return invalid('emission date is not a real date');
  if (compareDates(emission, birth) < 0) return invalid('emission date is before the birth date');
  const expiry = expiryOf(raw.printedExpiry, emission, birth);
  if (!expiry) return invalid('expiry date is not a real date');

  const data: DniData = {
    documentNumber: dni,
    sex: raw.sex,
    tramite: raw.tramite,
    ejemplar: raw.ejemplar,
    lastName: raw.lastName,
    firstName: raw.firstName,
    dateOfBirth: toIsoDate(birth),
    issueDate: toIsoDate(emission),
    expiryDate: toIsoDate(expiry),
  };
  if (raw.cuilTail) {
    const match = /^(\d{2})(\d)$/.exec(raw.cuilTail);
    const cuil = match ? buildCuil(match[1], dni, match[2]) : null;
    if (!cuil) return invalid('CUIL prefix or check digit is wrong');
    data.cuil = cuil;
  }
  return { valid: true, layout, data };
}

/** The old layout prints the expiry; the new one is derived from the emission (see dni-validity). */
function expiryOf(printed: string | undefined, emission: CalendarDate, birth: CalendarDate): CalendarDate | null {
  if (printed === undefined) return expiryFromEmission(emission, birth);
  const date = parseBarcodeDate(printed);
  return date && compareDates(date, emission) > 0 ? date : null;
}

function invalid(reason: string): DniBarcodeParse {
  return { valid: false, reason };
}
