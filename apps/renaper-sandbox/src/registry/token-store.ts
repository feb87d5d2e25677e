import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { argentinaEndOfDay } from '@app/renaper';

export type TokenCheck = 'valid' | 'expired' | 'unknown';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * Bearer tokens the sandbox issued. They look like the registry's JWTs (HS256, `exp`), but
 * validity is decided by this store, so a reset forgets them all.
 */
export class TokenStore {
  private readonly secret = randomBytes(32);
  private readonly expiries = new Map<string, number>();

  /** Valid for `ttlSeconds`, or (null) until 23:59:59 Argentina time of the day of issue. */
  issue(username: string, now: Date, ttlSeconds: number | null): string {
    const expiresAt = ttlSeconds === null ? argentinaEndOfDay(now).getTime() : now.getTime() + ttlSeconds * 1000;
    this.forgetExpired(now);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({ sub: username, iat: Math.floor(now.getTime() / 1000), exp: Math.floor(expiresAt / 1000), jti: randomUUID() }),
    );
    const signature = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.expiries.set(token, expiresAt);
    return token;
  }

  /** Reads `Authorization: Bearer <token>`. */
  check(authorization: string | undefined, now: Date): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    const expiresAt = match ? this.expiries.get(match[1]) : undefined;
    if (expiresAt === undefined) return 'unknown';
    return now.getTime() <= expiresAt ? 'valid' : 'expired';
  }

  clear(): void {
    this.expiries.clear();
  }

  /** Expired tokens are kept for a day so they still answer "expired" rather than "unknown". */
  private forgetExpired(now: Date): void {
    const horizon = now.getTime() - 24 * 3600 * 1000;
    for (const [token, expiresAt] of this.expiries) if (expiresAt < horizon) this.expiries.delete(token);
  }
}
