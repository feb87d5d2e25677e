import type { RenaperDataOutcome } from '@app/audit';
import type { PersonCheck } from '@app/renaper';
import { CheckState, concludedOutcome, toBiometricOutcome, toDataOutcome, unfinishedOutcome } from './double-check.rules';

const NOW = new Date('2025-06-01T15:00:00.000Z');
const EARLIER = '2025-06-01T14:59:00.000Z';

const person = (overrides: Partial<PersonCheck> = {}): PersonCheck => ({
  status: 'match',
  tramiteMatches: true,
  dniValid: true,
  deceased: false,
  ...overrides,
});
const data = (overrides: Partial<RenaperDataOutcome> = {}): RenaperDataOutcome => ({
  status: 'match',
  reason: null,
  tramiteMatches: true,
  dniValid: true,
  deceased: false,
  checkedAt: EARLIER,
  ...overrides,
});
const state = (overrides: Partial<CheckState> = {}): CheckState => ({
  warnings: ['LOW_FACE_QUALITY', 'RENAPER_PENDING'],
  data: data(),
  biometric: { status: 'match', score: 88, checkedAt: EARLIER },
  transactionControlNumber: 'tcn-1',
  polls: 3,
  ...overrides,
});

describe('double-check rules', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  describe('toDataOutcome (what of the registry answer may be kept)', () => {
    it('keeps a match with the three facts and no reason', () => {
      expect(toDataOutcome(person())).toEqual({
        status: 'match',
        reason: null,
        tramiteMatches: true,
        dniValid: true,
        deceased: false,
        checkedAt: NOW.toISOString(),
      });
    });

    it('keeps nothing but the status for a person the registry does not know', () => {
      expect(toDataOutcome(person({ status: 'not_found' }))).toMatchObject({
        status: 'not_found',
        reason: 'not_found',
        tramiteMatches: null,
        dniValid: null,
        deceased: null,
      });
    });

    it.each(['data_mismatch', 'not_valid', 'deceased'] as const)('reduces %s to no_match, naming the reason', (status) => {
      expect(toDataOutcome(person({ status, deceased: status === 'deceased' }))).toMatchObject({
        status: 'no_match',
        reason: status,
        deceased: status === 'deceased',
      });
    });
  });

  it('toBiometricOutcome keeps the verdict and score with the time it was read', () => {
    expect(toBiometricOutcome({ status: 'no_match', score: 12 })).toEqual({ status: 'no_match', score: 12, checkedAt: NOW.toISOString() });
  });

  describe('concludedOutcome', () => {
    it('approves when both checks pass, dropping RENAPER_PENDING and keeping the face-match warnings', () => {
      const outcome = concludedOutcome(state());
      expect(outcome).toMatchObject({ status: 'approved', match: true, warnings: ['LOW_FACE_QUALITY'] });
      expect(outcome.responseDoubleChecks).toEqual({
        renaper: { status: 'match', tramiteMatches: true, dniValid: true, deceased: false, checkedAt: EARLIER },
        renaperBiometric: { status: 'match', score: 88, transactionControlNumber: 'tcn-1', polls: 3, checkedAt: EARLIER },
      });
    });

    it('declines a person the registry does not know with RENAPER_PERSON_NOT_FOUND only', () => {
      const outcome = concludedOutcome(
        state({ data: data({ status: 'not_found', tramiteMatches: null, dniValid: null, deceased: null }), biometric: null }),
      );
      expect(outcome).toMatchObject({ status: 'declined', match: false, warnings: ['LOW_FACE_QUALITY', 'RENAPER_PERSON_NOT_FOUND'] });
      // The face comparison never ran: it is reported as an error, with the time of the decision.
      expect(outcome.responseDoubleChecks?.renaperBiometric).toEqual({
        status: 'error',
        score: null,
        transactionControlNumber: 'tcn-1',
        polls: 3,
        checkedAt: NOW.toISOString(),
      });
    });

    it('declines with one warning per failed data fact, in a fixed order', () => {
      const outcome = concludedOutcome(
        state({ warnings: [], data: data({ status: 'no_match', tramiteMatches: false, dniValid: false, deceased: true }) }),
      );
      expect(outcome.warnings).toEqual(['RENAPER_DATA_NOT_MATCH', 'RENAPER_DNI_NOT_VALID', 'RENAPER_PERSON_DECEASED']);
      expect(outcome.status).toBe('declined');
    });

    it('declines a biometric no_match even when the data matched', () => {
      const outcome = concludedOutcome(state({ biometric: { status: 'no_match', score: 20, checkedAt: EARLIER } }));
      expect(outcome).toMatchObject({ status: 'declined', match: false, warnings: ['LOW_FACE_QUALITY', 'RENAPER_BIOMETRIC_NOT_MATCH'] });
    });

    it('a data failure wins over a biometric failure: its warnings, not the biometric one', () => {
      const outcome = concludedOutcome(
        state({
          data: data({ status: 'no_match', tramiteMatches: false }),
          biometric: { status: 'no_match', score: 1, checkedAt: EARLIER },
        }),
      );
      expect(outcome.warnings).toEqual(['LOW_FACE_QUALITY', 'RENAPER_DATA_NOT_MATCH']);
    });

    it('never repeats a RENAPER warning the verification already had', () => {
      const outcome = concludedOutcome(
        state({ warnings: ['RENAPER_BIOMETRIC_NOT_MATCH'], biometric: { status: 'no_match', score: 1, checkedAt: EARLIER } }),
      );
      expect(outcome.warnings).toEqual(['RENAPER_BIOMETRIC_NOT_MATCH']);
    });
  });

  describe('unfinishedOutcome', () => {
    it('leaves a registry still comparing the face in review with RENAPER_PENDING and pending checks', () => {
      const outcome = unfinishedOutcome(state({ data: null, biometric: null }), 'pending');
      expect(outcome).toMatchObject({ status: 'in_review', match: false, warnings: ['LOW_FACE_QUALITY', 'RENAPER_PENDING'] });
      expect(outcome.responseDoubleChecks?.renaper?.status).toBe('pending');
      expect(outcome.responseDoubleChecks?.renaperBiometric?.status).toBe('pending');
    });

    it('leaves an unreachable registry in review with RENAPER_UNAVAILABLE, keeping the data answer it had', () => {
      const outcome = unfinishedOutcome(state({ biometric: null }), 'unavailable');
      expect(outcome).toMatchObject({ status: 'in_review', match: false, warnings: ['LOW_FACE_QUALITY', 'RENAPER_UNAVAILABLE'] });
      expect(outcome.responseDoubleChecks?.renaper?.status).toBe('match');
      expect(outcome.responseDoubleChecks?.renaperBiometric?.status).toBe('error');
    });
  });
});
