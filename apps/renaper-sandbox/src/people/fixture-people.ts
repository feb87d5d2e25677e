import { readFileSync } from 'node:fs';
import { InvalidEnvironmentError } from '@app/core';
import { maskDni, parseDni, parseRegistryDate, parseTramite, type RegistrySexo } from '@app/renaper';

export interface FaceBoxRef {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Which face of which test photo is the person's registry photo: an engine face index, or a box. */
export type PhotoRef = { file: string; face: number } | { file: string; box: FaceBoxRef };

export interface Address {
  calle: string;
  numero: string;
  piso: string;
  departamento: string;
  codigoPostal: string;
  barrio: string;
  ciudad: string;
  municipio: string;
  provincia: string;
  pais: string;
}

/** One person the sandbox's registry knows. Dates are the registry's dd/mm/yyyy (birth: yyyy-mm-dd). */
export interface FixturePerson {
  /** Stable name tests pick a person by (`valid`, `deceased`...). */
  role: string;
  /** What the person is for, in words. */
  purpose: string;
  dni: string;
  sexo: RegistrySexo;
  tramite: string;
  tramiteReimpresa: string | null;
  ejemplar: string;
  emision: string;
  vencimiento: string;
  vigente: boolean;
  fallecido: boolean;
  fechaFallecimiento: string | null;
  apellido: string;
  nombres: string;
  fechaNacimiento: string;
  cuil: string;
  domicilio: Address;
  photo: PhotoRef;
}

type Reader = { problems: string[]; where: string };

/** Loads and checks the fixture file; throws InvalidEnvironmentError naming every bad field. */
export function loadFixturePeople(file: string): FixturePerson[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidEnvironmentError([`${file}: ${(error as Error).message}`]);
  }
  const list = isRecord(parsed) ? parsed.people : undefined;
  if (!Array.isArray(list)) throw new InvalidEnvironmentError([`${file}: a "people" array expected`]);

  const problems: string[] = [];
  const people = list.map((raw, index) => readPerson(raw, { problems, where: `${file}: people[${index}]` }));
  const dnis = new Set<string>();
  const roles = new Set<string>();
  for (const person of people) {
    if (dnis.has(person.dni)) problems.push(`${file}: DNI ${maskDni(person.dni)} appears twice`);
    if (roles.has(person.role)) problems.push(`${file}: role ${person.role} appears twice`);
    dnis.add(person.dni);
    roles.add(person.role);
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return people;
}

function readPerson(raw: unknown, reader: Reader): FixturePerson {
  const record = isRecord(raw) ? raw : {};
  if (!isRecord(raw)) reader.problems.push(`${reader.where}: an object expected`);
  const str = (key: string, test: (value: string) => boolean = () => true) => readString(record, key, test, reader);
  const address = isRecord(record.domicilio) ? record.domicilio : {};
  const addressReader = { problems: reader.problems, where: `${reader.where}.domicilio` };
  const addressField = (key: keyof Address) => readString(address, key, () => true, addressReader, true);

  return {
    role: str('role', (v) => /^[a-z0-9-]+$/.test(v)),
    purpose: str('purpose'),
    dni: str('dni', (v) => parseDni(v) === v),
    sexo: str('sexo', (v) => ['M', 'F', 'X'].includes(v)) as RegistrySexo,
    tramite: str('tramite', (v) => /^[1-9]\d{0,10}$/.test(v) && parseTramite(v) !== null),
    tramiteReimpresa: record.tramiteReimpresa === null ? null : str('tramiteReimpresa', (v) => /^[1-9]\d{0,10}$/.test(v)),
    ejemplar: str('ejemplar', (v) => /^[A-Z]$/.test(v)),
    emision: str('emision', isRegistryDate),
    vencimiento: str('vencimiento', isRegistryDate),
    vigente: readBoolean(record, 'vigente', reader),
    fallecido: readBoolean(record, 'fallecido', reader),
    fechaFallecimiento: record.fechaFallecimiento === null ? null : str('fechaFallecimiento', isRegistryDate),
    apellido: str('apellido'),
    nombres: str('nombres'),
    fechaNacimiento: str('fechaNacimiento', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && parseRegistryDate(v) !== null),
    cuil: str('cuil', (v) => /^\d{11}$/.test(v)),
    domicilio: {
      calle: addressField('calle'),
      numero: addressField('numero'),
      piso: addressField('piso'),
      departamento: addressField('departamento'),
      codigoPostal: addressField('codigoPostal'),
      barrio: addressField('barrio'),
      ciudad: addressField('ciudad'),
      municipio: addressField('municipio'),
      provincia: addressField('provincia'),
      pais: addressField('pais'),
    },
    photo: readPhotoRef(record.photo, reader),
  };
}

function readPhotoRef(raw: unknown, reader: Reader): PhotoRef {
  const problem = () => {
    reader.problems.push(`${reader.where}.photo: { file, face } or { file, box: { x, y, width, height } } expected`);
    return { file: '', face: 0 };
  };
  if (!isRecord(raw) || typeof raw.file !== 'string' || !/^[\w.-]+$/.test(raw.file)) return problem();
  if (typeof raw.face === 'number' && Number.isInteger(raw.face) && raw.face >= 0) return { file: raw.file, face: raw.face };
  const box = raw.box;
  if (isRecord(box) && [box.x, box.y, box.width, box.height].every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
    return { file: raw.file, box: { x: Number(box.x), y: Number(box.y), width: Number(box.width), height: Number(box.height) } };
  }
  return problem();
}

function readString(
  record: Record<string, unknown>,
  key: string,
  test: (value: string) => boolean,
  reader: Reader,
  emptyAllowed = false,
): string {
  const value = record[key];
  if (typeof value === 'string' && (emptyAllowed || value !== '') && test(value)) return value;
  reader.problems.push(`${reader.where}.${key}: invalid or missing (${JSON.stringify(value ?? null)})`);
  return '';
}

function readBoolean(record: Record<string, unknown>, key: string, reader: Reader): boolean {
  const value = record[key];
  if (typeof value === 'boolean') return value;
  reader.problems.push(`${reader.where}.${key}: true or false expected`);
  return false;
}

const isRegistryDate = (value: string) => /^\d{2}\/\d{2}\/\d{4}$/.test(value) && parseRegistryDate(value) !== null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
