import type { EntityRecord, RenaperIdentity } from '@app/audit';
import { DomainError } from '@app/core';
import type { DniData } from '@app/document';
import { dniFromCuil, parseDni, parseTramite, registrySexo } from '@app/renaper';

export interface RenaperFields {
  dni?: string;
  gender?: string;
  tramite?: string;
}

/** Where each value of the double-check came from: the request, the linked entity or the DNI card read from `documentImage`. */
export type RenaperInputSource = 'request' | 'entity' | 'document';
export type RenaperInputSources = Record<'dni' | 'gender' | 'tramite', RenaperInputSource>;

export interface ResolvedRenaperInputs {
  identity: RenaperIdentity;
  sources: RenaperInputSources;
  /** A value sent in the request contradicts the DNI card read from the document image. */
  contradictsDocument: boolean;
}

/**
 * The identity the RENAPER double-check needs, from the request; when the request leaves a value
 * out, from the linked entity (`dni` from `person.idNumber` or the 8 middle digits of an 11-digit
 * CUIL/CUIT `taxId`, `gender` from `person.gender`); and last from the DNI card read from the
 * document image (`card`, when its barcode read and validated), which alone carries the trámite.
 * Refuses (INVALID_REQUEST, naming every missing value) before any face work.
 */
export function resolveRenaperInputs(fields: RenaperFields, entity: EntityRecord | null, card: DniData | null): ResolvedRenaperInputs {
  const requestSexo = fields.gender ? registrySexo(fields.gender) : null;
  const requestTramite = fields.tramite === undefined ? null : parseTramite(fields.tramite);
  const pick = <T>(
    request: T | null | undefined,
    fromEntity: T | null | undefined,
    fromCard: T | null | undefined,
  ): [T | null, RenaperInputSource] => {
    if (request !== null && request !== undefined) return [request, 'request'];
    if (fromEntity !== null && fromEntity !== undefined) return [fromEntity, 'entity'];
    return [fromCard ?? null, 'document'];
  };
  const [dni, dniSource] = pick(fields.dni, dniOf(entity), card?.documentNumber);
  const [sexo, genderSource] = pick(requestSexo, entity?.person?.gender, card?.sex);
  const [tramite, tramiteSource] = pick(requestTramite, null, card ? parseTramite(card.tramite) : null);

  const problems: string[] = [];
  if (!dni)
    problems.push(
      entity
        ? 'dni is required (the entity has no person.idNumber or CUIL/CUIT taxId to take it from, and no DNI barcode was read from documentImage)'
        : 'dni is required (or an entityId whose person has an idNumber or CUIL/CUIT taxId, or a documentImage of a DNI front with a readable barcode)',
    );
  if (!sexo)
    problems.push(
      entity
        ? 'gender is required (the entity has no person.gender, and no DNI barcode was read from documentImage)'
        : 'gender is required (M, F, X, male or female, or a documentImage of a DNI front with a readable barcode)',
    );
  if (tramite === null)
    problems.push(
      'tramite (número de trámite of the DNI card) is required for the RENAPER double-check (or a documentImage of a DNI front with a readable barcode)',
    );
  if (problems.length > 0 || !dni || !sexo || tramite === null) {
    throw DomainError.invalid(`doubleCheckRenaper: ${problems.join('; ')}`, {
      fields: ['dni', 'gender', 'tramite'].filter((f) => problems.some((p) => p.startsWith(f))),
    });
  }
  const contradictsDocument =
    card !== null &&
    ((fields.dni !== undefined && parseDni(fields.dni) !== card.documentNumber) ||
      (requestSexo !== null && requestSexo !== card.sex) ||
      (requestTramite !== null && requestTramite !== parseTramite(card.tramite)));
  return {
    identity: { dni, sexo, tramite: String(tramite) },
    sources: { dni: dniSource, gender: genderSource, tramite: tramiteSource },
    contradictsDocument,
  };
}

/** The identity alone, from the request and the entity (no card). */
export function resolveRenaperIdentity(fields: RenaperFields, entity: EntityRecord | null): RenaperIdentity {
  return resolveRenaperInputs(fields, entity, null).identity;
}

function dniOf(entity: EntityRecord | null): string | null {
  const idNumber = entity?.person?.idNumber;
  if (idNumber) {
    const dni = parseDni(idNumber);
    if (dni) return dni;
  }
  return entity?.taxId ? dniFromCuil(entity.taxId) : null;
}
