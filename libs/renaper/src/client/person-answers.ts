import { RenaperPermanentError } from '../http/renaper-errors';
import { asFlag, asNumber, asText, type RegistryObject } from '../http/registry-json';
import { parseTramite } from '../identity/tramite';
import { isDayOver, parseRegistryDate } from '../time/argentina-time';
import type { PersonCheck } from './renaper.types';

/** What porDniSexoTramite says, reduced to what the data check needs. */
export interface PersonRecord {
  found: boolean;
  tramiteMatches: boolean;
  deceasedNotice: boolean;
  /** VENCIMIENTO has passed (false when absent or unreadable: the validity answer decides then). */
  cardExpired: boolean;
}

/** What verificaVigencia says. */
export interface PersonValidity {
  valid: boolean;
  deceased: boolean;
}

const NO_DEATH_NOTICE = /sin aviso de fallecimiento/i;

/**
 * Reads a porDniSexoTramite answer. `ID_TRAMITE_PRINCIPAL` 0 (or absent) means no such person;
 * a person whose principal and reprint trámites both differ from the one asked for is a mismatch.
 */
export function readPersonRecord(body: RegistryObject, tramite: number, now: Date): PersonRecord {
  const codigo = asNumber(body.codigo);
  // 0 and 99 both mean the query ran (99: nothing found); anything else is a refusal we do not know.
  if (codigo !== null && codigo !== 0 && codigo !== 99) {
    throw new RenaperPermanentError('person_data', `unexpected answer (codigo ${codigo})`);
  }
  if (!('id_tramite_principal' in body)) throw new RenaperPermanentError('person_data', 'malformed answer (no ID_TRAMITE_PRINCIPAL)');

  const principal = readTramite(body.id_tramite_principal);
  if (principal === null || principal === 0) return { found: false, tramiteMatches: false, deceasedNotice: false, cardExpired: false };

  const reprint = readTramite(body.id_tramite_tarjeta_reimpresa);
  const notice = asText(body.mensaf);
  const expiry = parseRegistryDate(asText(body.vencimiento) ?? '');
  return {
    found: true,
    tramiteMatches: tramite === principal || (reprint !== null && reprint !== 0 && tramite === reprint),
    deceasedNotice: notice !== null && !NO_DEATH_NOTICE.test(notice),
    cardExpired: expiry !== null && isDayOver(expiry, now),
  };
}

/** Reads a verificaVigencia answer: `vigente` when given, else the message ("DNI VIGENTE" / "DNI NO VIGENTE"). */
export function readPersonValidity(body: RegistryObject): PersonValidity {
  const message = asText(body.mensaje)?.toUpperCase() ?? null;
  const fromMessage = message === null ? null : /NO VIGENTE/.test(message) ? false : /VIGENTE/.test(message) ? true : null;
  const valid = asFlag(body.vigente) ?? fromMessage;
  if (valid === null) throw new RenaperPermanentError('person_validity', 'malformed answer (no vigente)');
  return { valid, deceased: asFlag(body.fallecido) === true };
}

/** Combines both answers; the status follows the precedence documented on PersonCheck. */
export function combinePersonCheck(record: PersonRecord, validity: PersonValidity | null): PersonCheck {
  if (!record.found || validity === null) return { status: 'not_found', tramiteMatches: false, dniValid: false, deceased: false };
  const deceased = record.deceasedNotice || validity.deceased;
  const dniValid = validity.valid && !record.cardExpired;
  const status = deceased ? 'deceased' : !record.tramiteMatches ? 'data_mismatch' : !dniValid ? 'not_valid' : 'match';
  return { status, tramiteMatches: record.tramiteMatches, dniValid, deceased };
}

function readTramite(value: RegistryObject[string] | undefined): number | null {
  const text = asText(value);
  return text === null ? null : parseTramite(text);
}
