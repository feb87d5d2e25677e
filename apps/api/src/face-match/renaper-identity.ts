import type { EntityRecord, RenaperIdentity } from '@app/audit';
import { DomainError } from '@app/core';
import { dniFromCuil, parseDni, parseTramite, registrySexo } from '@app/renaper';

export interface RenaperFields {
  dni?: string;
  gender?: string;
  tramite?: string;
}

/**
 * The identity the RENAPER double-check needs, from the request or, when the request leaves them
 * out, from the linked entity: `dni` from `person.idNumber` or the 8 middle digits of an 11-digit
 * CUIL/CUIT `taxId`, `gender` from `person.gender`. `tramite` has no fallback: it is on the card.
 * Refuses (INVALID_REQUEST, naming every missing value) before any image work.
 */
export function resolveRenaperIdentity(fields: RenaperFields, entity: EntityRecord | null): RenaperIdentity {
  const dni = fields.dni ?? dniOf(entity);
  const sexo = fields.gender ? registrySexo(fields.gender) : entity?.person?.gender ?? null;
  const tramite = fields.tramite === undefined ? null : parseTramite(fields.tramite);

  const problems: string[] = [];
  if (!dni) problems.push(entity ? 'dni is required (the entity has no person.idNumber or CUIL/CUIT taxId to take it from)' : 'dni is required (or an entityId whose person has an idNumber or CUIL/CUIT taxId)');
  if (!sexo) problems.push(entity ? 'gender is required (the entity has no person.gender)' : 'gender is required (M, F, X, male or female)');
  if (tramite === null) problems.push('tramite (número de trámite of the DNI card) is required for the RENAPER double-check');
  if (problems.length > 0 || !dni || !sexo || tramite === null) {
    throw DomainError.invalid(`doubleCheckRenaper: ${problems.join('; ')}`, { fields: ['dni', 'gender', 'tramite'].filter((f) => problems.some((p) => p.startsWith(f))) });
  }
  return { dni, sexo, tramite: String(tramite) };
}

function dniOf(entity: EntityRecord | null): string | null {
  const idNumber = entity?.person?.idNumber;
  if (idNumber) {
    const dni = parseDni(idNumber);
    if (dni) return dni;
  }
  return entity?.taxId ? dniFromCuil(entity.taxId) : null;
}
