import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateBy } from 'class-validator';
import { toTrustProxy } from './env-transforms';
import { isTrustProxySetting, TrustProxySetting } from '../trust-proxy';

/** The process and its HTTP side: mode, address, logging, operators, proxies, rate limits and overload guards. */
export class ServerEnvironment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** HTTP port of the API. */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @MinLength(1)
  HOST: string = '0.0.0.0';

  /** Password (user "admin") of the operators' read-only queue dashboard at /admin/queues; unset = no dashboard. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  /** The address clients reach this service at; validation session links (providerSessionUrl) start with it. */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'PUBLIC_BASE_URL must be an http(s) URL' },
  )
  PUBLIC_BASE_URL: string = 'http://localhost:3000';

  /**
   * Which peers may set the client address through X-Forwarded-For (per-IP limits depend on it):
   * `off` (default: the socket's address is the client), a hop count (`1` = the nearest proxy), or
   * the proxies' addresses/CIDRs, comma-separated (`10.0.0.0/8,127.0.0.1`). `true` is refused.
   */
  @Transform(toTrustProxy)
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (value: unknown) => isTrustProxySetting(value),
      defaultMessage: () =>
        'TRUST_PROXY must be off, a hop count 1..32, or a comma-separated list of proxy IP addresses/CIDRs (trusting everyone is refused)',
    },
  })
  TRUST_PROXY: TrustProxySetting = false;

  /** API requests one API key may make per minute for one organization, unless the organization's `limits.requestsPerMinute` says otherwise. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_REQUESTS_PER_MINUTE: number = 600;

  /** Requests per minute one client IP may make to the hosted capture page's endpoints (slows down token guessing). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  HOSTED_RATE_LIMIT_PER_IP_PER_MINUTE: number = 300;

  /** Requests per minute one hosted session token may make (a person's page polls and uploads a handful of times). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  HOSTED_RATE_LIMIT_PER_TOKEN_PER_MINUTE: number = 30;

  /** The API answers 503 SERVICE_UNAVAILABLE (health checks excepted) while its mean event-loop delay is above this; 0 = no limit. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: number = 1000;

  /** The API answers 503 while its V8 heap in use is above this many MB; 0 = no limit. */
  @IsInt()
  @Min(0)
  PRESSURE_MAX_HEAP_USED_MB: number = 1024;

  /** The API answers 503 while its resident memory (face threads included) is above this many MB; 0 = no limit. */
  @IsInt()
  @Min(0)
  PRESSURE_MAX_RSS_MB: number = 1536;

  /** Port of the worker's Prometheus endpoint (GET /metrics, Bearer ADMIN_TOKEN when set) on HOST; 0 = not served. */
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT: number = 0;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /**
   * `pretty` (human-readable lines, pino-pretty) or `json` (one object per line). Unset: pretty when
   * NODE_ENV=development (`npm start` on a developer's machine), json otherwise (production, tests).
   */
  @IsOptional()
  @IsIn(['pretty', 'json'])
  LOG_FORMAT?: 'pretty' | 'json';
}
