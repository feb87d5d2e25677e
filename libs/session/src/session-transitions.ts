import { KYC_VALIDATION_STATUSES, KycValidationStatus } from '@app/audit';

/**
 * Where each status may go next. Statuses only move forward: a session is opened (in_progress),
 * decided (in_review, approved, rejected) or closed without a decision (expired, abandoned,
 * cancelled); an admin resolves in_review. Final statuses go nowhere.
 */
export const KYC_VALIDATION_TRANSITIONS: Readonly<Record<KycValidationStatus, readonly KycValidationStatus[]>> = {
  pending: ['in_progress', 'expired', 'abandoned', 'cancelled'],
  in_progress: ['in_review', 'approved', 'rejected', 'expired', 'abandoned', 'cancelled'],
  in_review: ['approved', 'rejected'],
  approved: [],
  rejected: [],
  expired: [],
  abandoned: [],
  cancelled: [],
};

export function canTransition(from: KycValidationStatus, to: KycValidationStatus): boolean {
  return KYC_VALIDATION_TRANSITIONS[from].includes(to);
}

/** Every status that may move to `to` (the guard of a conditional update). */
export function sourcesOf(to: KycValidationStatus): KycValidationStatus[] {
  return KYC_VALIDATION_STATUSES.filter((from) => canTransition(from, to));
}

export function isFinal(status: KycValidationStatus): boolean {
  return KYC_VALIDATION_TRANSITIONS[status].length === 0;
}

/** The statuses of a session that is still open: it may be opened, decided or closed. */
export const OPEN_STATUSES: readonly KycValidationStatus[] = ['pending', 'in_progress'];

/** Statuses that close a session without a decision: whatever it collected so far goes with it. */
export function closesWithoutDecision(to: KycValidationStatus): boolean {
  return to === 'expired' || to === 'abandoned' || to === 'cancelled';
}
