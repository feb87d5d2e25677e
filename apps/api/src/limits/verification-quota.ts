/**
 * The kinds of verification an organization's monthly quota counts, and the route of each. A new
 * verification endpoint is counted by adding it here (routes that do not exist yet match nothing).
 */
export const COUNTED_VERIFICATIONS = [
  { kind: 'face_match', method: 'POST', route: '/api/kyc/face-match' },
  { kind: 'biometric_check', method: 'POST', route: '/api/kyc/biometric' },
  { kind: 'liveness', method: 'POST', route: '/api/kyc/liveness' },
  { kind: 'id_verification', method: 'POST', route: '/api/kyc/id-verification' },
] as const;

export type VerificationKind = (typeof COUNTED_VERIFICATIONS)[number]['kind'];

/** The verification a request performs, by its method and route pattern; undefined for any other call. */
export function countedVerificationOf(method: string, route: string | undefined): VerificationKind | undefined {
  if (!route) return undefined;
  const normalised = route.replace(/\/+$/, '');
  return COUNTED_VERIFICATIONS.find((entry) => entry.method === method.toUpperCase() && entry.route === normalised)?.kind;
}

export interface QuotaPeriod {
  /** `YYYY-MM` in UTC: part of the counter's key, so each month starts from zero. */
  id: string;
  /** The first instant of the next month (UTC). */
  resetsAt: Date;
  secondsLeft: number;
}

/** The calendar month (UTC) a verification made at `now` counts against. */
export function quotaPeriod(now: Date): QuotaPeriod {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const resetsAt = new Date(Date.UTC(year, month + 1, 1));
  return {
    id: `${year}-${String(month + 1).padStart(2, '0')}`,
    resetsAt,
    secondsLeft: Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000)),
  };
}
