import { KycValidation, KycValidationStatus } from '@app/audit';
import { OPEN_STATUSES } from './session-transitions';

type Timed = Pick<KycValidation, 'status' | 'expiresAt'>;

/** When a session created `now` stops accepting steps. */
export function expiryOf(now: Date, ttlHours: number): Date {
  return new Date(now.getTime() + ttlHours * 3600_000);
}

/** An open status whose time ran out: the sweep will close it, and meanwhile it accepts nothing. */
export function isPastExpiry(validation: Timed, now: Date): boolean {
  return OPEN_STATUSES.includes(validation.status) && validation.expiresAt.getTime() <= now.getTime();
}

/** Open (pending or in progress) and not expired: the only state in which a session takes a step. */
export function isOpen(validation: Timed, now: Date): boolean {
  return OPEN_STATUSES.includes(validation.status) && !isPastExpiry(validation, now);
}

/** Sessions in progress whose last activity is at or before this instant are idle (abandoned by the sweep). */
export function idleCutoff(now: Date, idleMinutes: number): Date {
  return new Date(now.getTime() - idleMinutes * 60_000);
}

/** The status a person is shown: an open session past its expiry reads as expired before the sweep gets to it. */
export function shownStatus(validation: Timed, now: Date): KycValidationStatus {
  return isPastExpiry(validation, now) ? 'expired' : validation.status;
}
