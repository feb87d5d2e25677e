import { createHmac, randomBytes } from 'node:crypto';
import { argentinaEndOfDay } from '../time/argentina-time';
import type { RenaperCredentials } from './renaper.types';

interface CachedToken {
  token: string;
  usableUntil: number;
}

/**
 * Registry tokens per organization and credentials (base URL, username, password). Keyed by the
 * organization so that one tenant never rides another's token and quota, and by the password too so
 * that a wrong password never finds a token issued for the right one. A token lives until the end of the Argentine day it was
 * issued; it is reused until shortly before that, and dropped earlier when the registry rejects it.
 * Concurrent callers that need a new token share one request for it.
 */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly issue: (credentials: RenaperCredentials) => Promise<string>,
    private readonly now: () => Date,
    private readonly renewalMarginMs: number,
  ) {}

  async token(credentials: RenaperCredentials): Promise<string> {
    const key = cacheKey(credentials);
    const cached = this.tokens.get(key);
    if (cached && this.now().getTime() < cached.usableUntil) return cached.token;

    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = this.request(key, credentials).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, request);
    return request;
  }

  /** Forgets `token` after the registry rejected it (unless another call already replaced it). */
  forget(credentials: RenaperCredentials, token: string): void {
    const key = cacheKey(credentials);
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }

  private async request(key: string, credentials: RenaperCredentials): Promise<string> {
    // The issue time is taken before asking, so a slow answer cannot stretch the token's life.
    const issuedAt = this.now();
    const token = await this.issue(credentials);
    this.tokens.set(key, { token, usableUntil: argentinaEndOfDay(issuedAt).getTime() - this.renewalMarginMs });
    return token;
  }
}

/** Keyed with a secret of this process only, so the keys held in memory are no offline guess target for the passwords. */
const KEY_SECRET = randomBytes(32);

/** `<organization id>:<HMAC of base URL, username and password>`: never a credential in clear. */
export function cacheKey({ organizationId, baseUrl, username, password }: RenaperCredentials): string {
  const digest = createHmac('sha256', KEY_SECRET)
    .update(JSON.stringify([baseUrl.replace(/\/+$/, ''), username, password]))
    .digest('base64url');
  return `${organizationId}:${digest}`;
}
