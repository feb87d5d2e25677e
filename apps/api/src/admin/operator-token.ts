import { timingSafeEqual } from 'node:crypto';

/** Compares secrets in constant time (for equal lengths), so a wrong guess teaches nothing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether the Authorization header is `Bearer <ADMIN_TOKEN>`: the operators of the deployment, who
 * may see what spans every organization (queue depths, dependency errors). Never true without a
 * configured token.
 */
export function isOperatorBearer(authorization: string | undefined, adminToken: string | undefined): boolean {
  if (!adminToken || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match !== null && sameSecret(match[1], adminToken);
}
