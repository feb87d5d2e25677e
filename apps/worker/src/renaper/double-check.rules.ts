import type { CompleteFaceMatchInput, RenaperBiometricOutcome, RenaperDataOutcome, ResponseDoubleChecks } from '@app/audit';
import type { FacePoll, PersonCheck } from '@app/renaper';

export const RENAPER_WARNINGS = [
  'RENAPER_PERSON_NOT_FOUND',
  'RENAPER_DATA_NOT_MATCH',
  'RENAPER_DNI_NOT_VALID',
  'RENAPER_PERSON_DECEASED',
  'RENAPER_BIOMETRIC_NOT_MATCH',
  'RENAPER_PENDING',
  'RENAPER_UNAVAILABLE',
] as const;

export interface CheckState {
  /** The verification's warnings when the check began (the face-match ones, plus RENAPER_PENDING). */
  warnings: string[];
  data: RenaperDataOutcome | null;
  biometric: RenaperBiometricOutcome | null;
  transactionControlNumber: string | null;
  polls: number;
}

const now = () => new Date().toISOString();

/** The registry's data answer, reduced to what the contract may return (no names, no addresses). */
export function toDataOutcome(person: PersonCheck): RenaperDataOutcome {
  const status = person.status === 'match' ? 'match' : person.status === 'not_found' ? 'not_found' : 'no_match';
  return {
    status,
    reason: person.status === 'match' ? null : person.status,
    tramiteMatches: person.status === 'not_found' ? null : person.tramiteMatches,
    dniValid: person.status === 'not_found' ? null : person.dniValid,
    deceased: person.status === 'not_found' ? null : person.deceased,
    checkedAt: now(),
  };
}

export function toBiometricOutcome(poll: Exclude<FacePoll, { status: 'pending' }>): RenaperBiometricOutcome {
  return { status: poll.status, score: poll.score, checkedAt: now() };
}

function dataWarnings(data: RenaperDataOutcome): string[] {
  if (data.status === 'not_found') return ['RENAPER_PERSON_NOT_FOUND'];
  const warnings: string[] = [];
  if (data.tramiteMatches === false) warnings.push('RENAPER_DATA_NOT_MATCH');
  if (data.dniValid === false) warnings.push('RENAPER_DNI_NOT_VALID');
  if (data.deceased === true) warnings.push('RENAPER_PERSON_DECEASED');
  return warnings;
}

function responseDoubleChecks(state: CheckState, fallback: 'pending' | 'error'): ResponseDoubleChecks {
  const checkedAt = now();
  const data = state.data;
  return {
    renaper: data
      ? {
          status: data.status,
          tramiteMatches: data.tramiteMatches,
          dniValid: data.dniValid,
          deceased: data.deceased,
          checkedAt: data.checkedAt,
        }
      : { status: fallback, tramiteMatches: null, dniValid: null, deceased: null, checkedAt },
    renaperBiometric: {
      status: state.biometric?.status ?? fallback,
      score: state.biometric?.score ?? null,
      transactionControlNumber: state.transactionControlNumber,
      polls: state.polls,
      checkedAt: state.biometric?.checkedAt ?? checkedAt,
    },
  };
}

function withoutRenaperWarnings(warnings: string[]): string[] {
  return warnings.filter((w) => !(RENAPER_WARNINGS as readonly string[]).includes(w));
}

/**
 * The contract's outcome once the registry has answered: any failed check declines the match with
 * its RENAPER warnings; both checks passing approves it. (The face match itself had approved, or
 * no check would have run.)
 */
export function concludedOutcome(state: CheckState): CompleteFaceMatchInput {
  const warnings = withoutRenaperWarnings(state.warnings);
  const data = state.data;
  if (data && data.status !== 'match') {
    return {
      status: 'declined',
      match: false,
      warnings: [...warnings, ...dataWarnings(data)],
      responseDoubleChecks: responseDoubleChecks(state, 'error'),
    };
  }
  if (state.biometric?.status === 'no_match') {
    return {
      status: 'declined',
      match: false,
      warnings: [...warnings, 'RENAPER_BIOMETRIC_NOT_MATCH'],
      responseDoubleChecks: responseDoubleChecks(state, 'error'),
    };
  }
  return { status: 'approved', match: true, warnings, responseDoubleChecks: responseDoubleChecks(state, 'error') };
}

/**
 * The registry did not answer in time (`pending`: it was still comparing the face) or could not be
 * reached (`unavailable`): the verification stays in review for a person to decide.
 */
export function unfinishedOutcome(state: CheckState, why: 'pending' | 'unavailable'): CompleteFaceMatchInput {
  const warning = why === 'pending' ? 'RENAPER_PENDING' : 'RENAPER_UNAVAILABLE';
  return {
    status: 'in_review',
    match: false,
    warnings: [...withoutRenaperWarnings(state.warnings), warning],
    responseDoubleChecks: responseDoubleChecks(state, why === 'pending' ? 'pending' : 'error'),
  };
}
