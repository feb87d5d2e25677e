import type { LimitDecision } from './limiter-store';

/**
 * The contract's rate-limit headers for one counted request: `RateLimit-Limit` (the allowance of
 * the window), `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the window starts over)
 * and, when refused, `Retry-After` (the same seconds). None when the counter could not be asked.
 */
export function rateLimitHeaders(decision: LimitDecision): Record<string, string> {
  if (decision.kind === 'unavailable') return {};
  const resetSeconds = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': resetSeconds,
  };
  if (decision.kind === 'refused') headers['Retry-After'] = resetSeconds;
  return headers;
}

/** Of several decisions for one request, the one a client should be shown: a refusal, else the fewest remaining. */
export function tightest(decisions: LimitDecision[]): LimitDecision {
  let shown: LimitDecision = { kind: 'unavailable' };
  for (const candidate of decisions) {
    if (candidate.kind === 'unavailable') continue;
    if (shown.kind === 'unavailable') shown = candidate;
    else if (candidate.kind === 'refused' && shown.kind !== 'refused') shown = candidate;
    else if (candidate.kind === shown.kind && candidate.remaining < shown.remaining) shown = candidate;
  }
  return shown;
}
