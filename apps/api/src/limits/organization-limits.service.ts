import { Inject, Injectable } from '@nestjs/common';
import { KycSettingsRepository } from '@app/audit';
import { DomainError, limitsConfig, LimitsConfig } from '@app/core';
import type { Principal } from '../auth/principal';
import { LimitDecision, LimiterStore, LimitWindow } from './limiter-store';
import { countedVerificationOf, quotaPeriod } from './verification-quota';

/** What the limits say about one authenticated call. */
export interface Admission {
  /** The per-minute request counter, for the RateLimit-* headers. */
  rate: LimitDecision;
  /** Set when the call must not go on (RATE_LIMITED or QUOTA_EXCEEDED). */
  refusal?: DomainError;
  /** Set when a verification was counted against the monthly quota: gives it back if the call fails. */
  refund?: () => Promise<void>;
}

const MINUTE = 60;
/** Nominal length of a quota window; each counter really ends with its calendar month. */
const MONTH = 31 * 24 * 60 * 60;

/**
 * Per-organization limits, read from the organization's settings on every call (so an admin's
 * change applies at once, in every API process):
 * - requests per minute per API key (`limits.requestsPerMinute`, else RATE_LIMIT_REQUESTS_PER_MINUTE);
 * - an optional monthly quota of verifications (`limits.monthlyVerificationQuota`, unset = none),
 *   counted per organization and UTC calendar month for the kinds in COUNTED_VERIFICATIONS.
 * Every counter is keyed by the organization's id, so one organization never spends another's.
 * With Redis unreachable both fail open (LimiterStore logs it): see docs/api.md, "Rate limits and quotas".
 */
@Injectable()
export class OrganizationLimitsService {
  constructor(
    private readonly store: LimiterStore,
    private readonly settings: KycSettingsRepository,
    @Inject(limitsConfig.KEY) private readonly config: LimitsConfig,
  ) {}

  async admit(principal: Principal, method: string, route: string | undefined, now = new Date()): Promise<Admission> {
    const settings = await this.settings.findForOrganization(principal.organizationId);
    const rateWindow: LimitWindow = {
      name: 'api',
      points: settings.rateLimitRequestsPerMinute ?? this.config.requestsPerMinute,
      durationSeconds: MINUTE,
    };
    const rate = await this.store.consume(rateWindow, `${principal.organizationId}:${principal.apiKeyId}`);
    if (rate.kind === 'refused') {
      return {
        rate,
        refusal: new DomainError(
          'RATE_LIMITED',
          `This API key made more than ${rate.limit} requests in a minute for this organization; retry after the time in Retry-After`,
        ),
      };
    }

    const quota = settings.monthlyVerificationQuota;
    const kind = countedVerificationOf(method, route);
    if (quota === null || kind === undefined) return { rate };

    const period = quotaPeriod(now);
    const quotaWindow: LimitWindow = { name: 'quota', points: quota, durationSeconds: MONTH };
    const key = `${principal.organizationId}:${period.id}`;
    const counted = await this.store.consume(quotaWindow, key, 1, period.secondsLeft);
    if (counted.kind === 'refused') {
      // The refused call is not a verification: the counter keeps meaning "verifications done".
      await this.store.refund(quotaWindow, key);
      return {
        rate,
        refusal: new DomainError(
          'QUOTA_EXCEEDED',
          `The organization's monthly verification quota (${quota}) is used up; it starts over on ${period.resetsAt.toISOString()}`,
          { quota, period: period.id, resetsAt: period.resetsAt.toISOString() },
        ),
      };
    }
    if (counted.kind === 'unavailable') return { rate };
    return { rate, refund: () => this.store.refund(quotaWindow, key) };
  }
}
