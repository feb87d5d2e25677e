import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a request may read a process's metrics: anyone when no ADMIN_TOKEN is configured (a
 * private network's Prometheus), otherwise only `Authorization: Bearer <ADMIN_TOKEN>`.
 */
export function metricsAccessAllowed(authorization: string | undefined, adminToken: string | undefined): boolean {
  if (!adminToken) return true;
  const match = /^Bearer (.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(adminToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const METRICS_UNAUTHORIZED_MESSAGE = 'Metrics need Authorization: Bearer <ADMIN_TOKEN>';
