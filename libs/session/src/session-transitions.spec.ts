import { KYC_VALIDATION_STATUSES, KycValidationStatus } from '@app/audit';
import { canTransition, isFinal, sourcesOf } from './session-transitions';

describe('KYC validation status transitions', () => {
  it.each<[KycValidationStatus, KycValidationStatus]>([
    ['pending', 'in_progress'],
    ['in_progress', 'in_review'],
    ['in_progress', 'approved'],
    ['in_progress', 'rejected'],
    ['pending', 'expired'],
    ['in_progress', 'expired'],
    ['pending', 'abandoned'],
    ['in_progress', 'abandoned'],
    ['pending', 'cancelled'],
    ['in_progress', 'cancelled'],
    ['in_review', 'approved'],
    ['in_review', 'rejected'],
  ])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[KycValidationStatus, KycValidationStatus]>([
    ['in_progress', 'pending'],
    ['pending', 'approved'],
    ['pending', 'in_review'],
    ['in_review', 'cancelled'],
    ['in_review', 'expired'],
    ['in_review', 'in_progress'],
    ['approved', 'rejected'],
    ['rejected', 'approved'],
    ['expired', 'in_progress'],
    ['cancelled', 'cancelled'],
  ])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('never moves a final status and never returns to pending', () => {
    for (const from of ['approved', 'rejected', 'expired', 'abandoned', 'cancelled'] as const) {
      expect(isFinal(from)).toBe(true);
      for (const to of KYC_VALIDATION_STATUSES) expect(canTransition(from, to)).toBe(false);
    }
    expect(sourcesOf('pending')).toEqual([]);
  });

  it('lists the statuses a conditional update may start from', () => {
    expect(sourcesOf('cancelled')).toEqual(['pending', 'in_progress']);
    expect(sourcesOf('expired')).toEqual(['pending', 'in_progress']);
    expect(sourcesOf('approved')).toEqual(['in_progress', 'in_review']);
    expect(sourcesOf('in_progress')).toEqual(['pending']);
  });
});
