import { cuilCheckDigit } from '../barcode/cuil';

/** The person printed on a synthetic card. Dates `dd/mm/yyyy` as the barcode holds them. */
export interface SyntheticPerson {
  tramite: string;
  lastName: string;
  firstName: string;
  sex: 'M' | 'F' | 'X';
  dni: string;
  ejemplar: string;
  birth: string;
  emission: string;
  /** CUIL prefix (20, 23, 24, 27) for the ninth field of the new layout; omitted when absent. */
  cuilPrefix?: string;
}

/** `trámite@apellido@nombres@sexo@DNI@ejemplar@nacimiento@emisión[@prefix+digit]`. */
export function cardBarcodeText(person: SyntheticPerson): string {
  const fields = [
    person.tramite,
    person.lastName,
    person.firstName,
    person.sex,
    person.dni,
    person.ejemplar,
    person.birth,
    person.emission,
  ];
  if (person.cuilPrefix) {
    const digit = cuilCheckDigit(`${person.cuilPrefix}${person.dni.padStart(8, '0')}`);
    if (digit === null) throw new Error('this prefix has no CUIL check digit for this DNI');
    fields.push(`${person.cuilPrefix}${digit}`);
  }
  return fields.join('@');
}

/** The first-generation layout: 17 fields starting with `@`, expiry printed 15 years after emission. */
export function legacyBarcodeText(person: SyntheticPerson, printedExpiry: string): string {
  return [
    '',
    `${person.dni}    `,
    person.ejemplar,
    '1',
    person.lastName,
    person.firstName,
    'ARGENTINA',
    person.birth,
    person.sex,
    person.emission,
    person.tramite,
    '7055 ',
    printedExpiry,
    '421',
    '0',
    'ILR:2.20 C:110927.01 (GM/EXE-MOVE-HM)',
    'UNIDAD #02 || S/N: 0040>2008>>0006',
  ].join('@');
}

/** A deterministic generator of valid-looking people (seeded; no real person's data). */
export function syntheticPeople(count: number, seed = 7): SyntheticPerson[] {
  const random = seededRandom(seed);
  const lastNames = ['GONZALEZ', 'RODRIGUEZ', 'FERNANDEZ', 'LOPEZ', 'MARTINEZ', 'PEREZ', 'GOMEZ', 'DIAZ', 'SANCHEZ', 'ROMERO'];
  const firstNames = ['MARIA LAURA', 'JUAN CARLOS', 'ANA BELEN', 'LUCAS MATIAS', 'SOFIA', 'DIEGO ARMANDO', 'CAROLINA INES', 'MARTIN'];
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, (_, index) => {
    const sex = index % 5 === 4 ? 'X' : random() < 0.5 ? 'F' : 'M';
    const birthYear = 1950 + Math.floor(random() * 50);
    const emissionYear = Math.max(birthYear + 16, 2013 + Math.floor(random() * 12));
    const dni = String(10_000_000 + Math.floor(random() * 89_999_999));
    const prefix = sex === 'F' ? '27' : sex === 'M' ? '20' : '23';
    return {
      tramite: String(Math.floor(random() * 999_999_999)).padStart(11, '0'),
      lastName: pick(lastNames),
      firstName: pick(firstNames),
      sex,
      dni,
      ejemplar: pick(['A', 'B', 'C']),
      birth: `${pad(1 + Math.floor(random() * 28))}/${pad(1 + Math.floor(random() * 12))}/${birthYear}`,
      emission: `${pad(1 + Math.floor(random() * 28))}/${pad(1 + Math.floor(random() * 12))}/${emissionYear}`,
      cuilPrefix: cuilCheckDigit(`${prefix}${dni}`) === null ? undefined : prefix,
    };
  });
}

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
