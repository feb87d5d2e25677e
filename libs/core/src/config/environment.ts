import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsNumber,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { parseEncryptionKeys, resolveActiveKeyId } from './encryption-keys';
import { isValidAllowHostEntry } from './outbound-hosts';
import { isTrustProxySetting, parseTrustProxy, TrustProxySetting } from './trust-proxy';

/**
 * Reads the raw string (`obj[key]`): implicit conversion would already have turned "false" into true.
 * Anything that is not a recognised boolean word is left as is, so validation names it.
 */
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};

/** Reads a comma-separated list from the raw string (`fr, frnet` -> ["fr", "frnet"]); anything else is left for validation. */
const toList = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
};

/** Reads TRUST_PROXY; a value it cannot read is left as is, so validation names it. */
const toTrustProxy = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  try {
    return parseTrustProxy(value);
  } catch {
    return value;
  }
};

/**
 * Every environment variable the service reads, with its default. Validated once at boot
 * (`loadEnvironment`); nothing else in the code base reads `process.env`.
 */
export class EnvironmentVariables {
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

  /** PostgreSQL connection string; the database is created on start-up when missing. */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/kyc';

  /**
   * How long opening a PostgreSQL connection may take before the request fails: with the database
   * down, requests get 503 SERVICE_UNAVAILABLE within this time instead of hanging.
   */
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_CONNECT_TIMEOUT_MS: number = 1000;

  /** Largest number of pooled PostgreSQL connections per process. */
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  /** Run pending migrations when the API starts. */
  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_MIGRATE_ON_START: boolean = true;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key (BullMQ queues included), so deployments and test runs do not collide. */
  @Matches(/^[A-Za-z0-9:_-]+$/, { message: 'REDIS_PREFIX may hold letters, digits, ":", "_" and "-" only' })
  REDIS_PREFIX: string = 'kyc';

  /** Root folder of the local-filesystem image storage. */
  @IsString()
  @MinLength(1)
  STORAGE_DIR: string = './var/storage';

  /**
   * Where new face images are written: `local` (files under STORAGE_DIR) or `s3` (an S3-compatible
   * bucket: AWS S3, MinIO, Ceph). Each record names the provider it was written to and is read back
   * from that one, so rows written before a switch stay readable (`storage:migrate --to s3` moves them).
   */
  @IsIn(['local', 's3'], { message: 'STORAGE_PROVIDER must be local or s3' })
  STORAGE_PROVIDER: 'local' | 's3' = 'local';

  /** S3 endpoint URL (MinIO, Ceph, another region's host); unset = AWS S3 for S3_REGION. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  /** S3 region (MinIO and Ceph accept any; us-east-1 is their usual one). */
  @IsString()
  @MinLength(1)
  S3_REGION: string = 'us-east-1';

  /** The bucket holding the images (it must exist). Required when STORAGE_PROVIDER=s3. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a valid bucket name (3-63 lowercase letters, digits, "." and "-")',
  })
  S3_BUCKET?: string;

  /** Access key id of the bucket's credentials. Required when STORAGE_PROVIDER=s3. */
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  /** Secret access key of the bucket's credentials (never logged). Required when STORAGE_PROVIDER=s3. */
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style addressing (`endpoint/bucket/key`), which MinIO and Ceph usually need; AWS uses virtual hosts. */
  @Transform(toBoolean)
  @IsBoolean()
  S3_FORCE_PATH_STYLE: boolean = false;

  /** Bound on one S3 request (connect and response); a slower store answers 503 instead of holding the request. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  S3_REQUEST_TIMEOUT_MS: number = 10_000;

  /** Attempts per S3 operation (the SDK retries throttling and 5xx with backoff). */
  @IsInt()
  @Min(1)
  @Max(10)
  S3_MAX_ATTEMPTS: number = 3;

  /**
   * AES-256-GCM keys that encrypt face images and templates at rest, `id1:base64key,id2:base64key`
   * (32 random bytes each: `openssl rand -base64 32`). Older keys stay listed until
   * `storage:reencrypt` has moved everything to the active one. Required in production; unset in
   * development and tests = a key generated once under STORAGE_DIR/keys (logged at start-up).
   */
  @IsOptional()
  @IsString()
  BIOMETRIC_ENCRYPTION_KEYS?: string;

  /** Id of the key new data is encrypted with; may be left out when exactly one key is configured. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'BIOMETRIC_ENCRYPTION_KEY_ID may hold letters, digits, ".", "_" and "-" only' })
  BIOMETRIC_ENCRYPTION_KEY_ID?: string;

  /** Folder holding the ONNX models fetched by `npm ci`. */
  @IsString()
  @MinLength(1)
  MODELS_DIR: string = './models';

  /** Worker threads running face inference (each holds its own ONNX sessions). */
  @IsInt()
  @Min(1)
  @Max(32)
  FACE_WORKERS: number = 2;

  /**
   * Images that may wait for a face worker thread (requests being read count for their images).
   * Beyond it a request is refused at once with 503 SERVICE_UNAVAILABLE and Retry-After. The
   * default is a few seconds of work for two threads with 5 MB images, and bounds the memory that
   * waiting uploads hold (about 10 MB per face match).
   */
  @IsInt()
  @Min(2)
  @Max(10_000)
  FACE_QUEUE_LIMIT: number = 32;

  /** Longest an image may wait and run in the face worker pool before its request fails with 503. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  FACE_TASK_TIMEOUT_MS: number = 20_000;

  /** With `FACE_EMBEDDERS=fr` alone: average each embedding with its mirrored crop's (+0.006 docsim TAR, ~10 ms per image). The fused default does not flip. */
  @Transform(toBoolean)
  @IsBoolean()
  FACE_FLIP_AUGMENT: boolean = true;

  /**
   * Face embedders to run, comma-separated: `fr` (ArcFace-style, 512-d) and `frnet` (face-api's
   * FaceRecognitionNet, 128-d). With several, their scores are fused (models/README.md).
   */
  @Transform(toList)
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(['fr', 'frnet'], { each: true })
  FACE_EMBEDDERS: Array<'fr' | 'frnet'> = ['fr', 'frnet'];

  /** Longest side an image is shrunk to when decoded; faces stay large enough for the 112 px crop. */
  @IsInt()
  @Min(320)
  @Max(8192)
  FACE_MAX_SIDE: number = 1280;

  /** Faces whose shorter box side is below this many pixels raise LOW_FACE_QUALITY. */
  @IsInt()
  @Min(1)
  FACE_MIN_QUALITY_SIZE: number = 64;

  /** Faces detected with less confidence than this raise LOW_FACE_QUALITY. */
  @IsNumber()
  @Min(0)
  @Max(1)
  FACE_MIN_QUALITY_CONFIDENCE: number = 0.9;

  /** Passive liveness scores (0..100) at or above this are live (measured: README, Liveness). */
  @IsNumber()
  @Min(0)
  @Max(100)
  LIVENESS_THRESHOLD: number = 65;

  /** Passive liveness scores below this are an attack (LIVENESS_FACE_ATTACK); from here up to LIVENESS_THRESHOLD, uncertain (LOW_LIVENESS_SCORE). */
  @IsNumber()
  @Min(0)
  @Max(100)
  LIVENESS_ATTACK_BELOW: number = 20;

  /** Largest accepted image, in bytes after base64 decoding (contract: 5 MB). */
  @IsInt()
  @Min(1024)
  IMAGE_MAX_BYTES: number = 5 * 1024 * 1024;

  /** Smallest accepted image side in pixels (contract: 80). */
  @IsInt()
  @Min(1)
  IMAGE_MIN_SIDE: number = 80;

  /** Largest accepted image in megapixels (contract: 40). */
  @IsNumber()
  @Min(0.01)
  IMAGE_MAX_MEGAPIXELS: number = 40;

  /** Password (user "admin") of the operators' read-only queue dashboard at /admin/queues; unset = no dashboard. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  /** How long a face-match request with doubleCheckRenaper waits for the registry before answering in_review. */
  @IsNumber()
  @Min(0)
  @Max(300)
  RENAPER_WAIT_SECONDS: number = 55;

  /** How long the worker keeps trying one double-check (retries and polls) before leaving it in review. */
  @IsInt()
  @Min(5)
  @Max(3600)
  RENAPER_DEADLINE_SECONDS: number = 120;

  /** Pause between two polls of the registry's facial validation result. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  RENAPER_POLL_INTERVAL_MS: number = 3000;

  /** Timeout of one HTTP call to the registry. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  RENAPER_HTTP_TIMEOUT_MS: number = 15_000;

  /** Double-checks the worker runs at once (they mostly wait on the registry). */
  @IsInt()
  @Min(1)
  @Max(200)
  RENAPER_WORKER_CONCURRENCY: number = 20;

  /** Timeout of one webhook POST (connect, send and answer). */
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** Attempts per webhook delivery before it is marked failed; unset = the job policy (8). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS?: number;

  /** Base delay of the exponential backoff between webhook attempts; unset = the job policy (2000 ms). */
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_BACKOFF_MS?: number;

  /** Webhook deliveries the worker sends at once (they mostly wait on the receiver). */
  @IsInt()
  @Min(1)
  @Max(200)
  WEBHOOK_WORKER_CONCURRENCY: number = 10;

  /** The address clients reach this service at; validation session links (providerSessionUrl) start with it. */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'PUBLIC_BASE_URL must be an http(s) URL' },
  )
  PUBLIC_BASE_URL: string = 'http://localhost:3000';

  /** A validation session in progress with no activity for this many minutes becomes abandoned. */
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  KYC_SESSION_IDLE_MINUTES: number = 30;

  /** How often the worker looks for validation sessions to expire or abandon. */
  @IsInt()
  @Min(1)
  @Max(3600)
  KYC_SESSION_SWEEP_SECONDS: number = 60;

  /** Liveness challenges the hosted page may run per session; a session still failing after the last one is rejected. */
  @IsInt()
  @Min(1)
  @Max(10)
  KYC_LIVENESS_MAX_ATTEMPTS: number = 3;

  /** How long an issued liveness challenge (its nonce) stays valid, in seconds. */
  @IsInt()
  @Min(15)
  @Max(900)
  KYC_LIVENESS_CHALLENGE_SECONDS: number = 120;

  /**
   * How often the worker checks that Redis still holds what the database says should be queued:
   * it re-installs missing job schedulers and re-enqueues pending webhook deliveries and unfinished
   * RENAPER checks whose jobs are gone (Redis keeps nothing on disk). Bounds recovery after a Redis restart.
   */
  @IsInt()
  @Min(1)
  @Max(3600)
  WORKER_RECOVERY_SWEEP_SECONDS: number = 20;

  /**
   * Outbound calls whose destination an organization sets (its RENAPER base URL, webhook URLs) may
   * reach loopback, private and unique-local addresses. Unset = on in development and tests (the
   * sandbox and test receivers listen on 127.0.0.1), off in production.
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  OUTBOUND_ALLOW_PRIVATE_NETWORKS?: boolean;

  /** Host names, IP addresses or CIDR ranges outbound calls may reach whatever the policy says (e.g. an internal registry gateway). */
  @Transform(toList)
  @IsString({ each: true })
  OUTBOUND_ALLOW_HOSTS: string[] = [];

  /** Largest answer read from the registry (RENAPER); a larger one is refused while it streams. */
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  OUTBOUND_MAX_RESPONSE_BYTES: number = 1024 * 1024;

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

/** Variables whose values are never echoed back into logs. */
const SECRET_VARIABLES = ['BIOMETRIC_ENCRYPTION_KEYS', 'S3_SECRET_ACCESS_KEY'];

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Checks between the biometric encryption variables (each one alone is validated by its decorators). */
function encryptionProblems(env: EnvironmentVariables): string[] {
  if (env.BIOMETRIC_ENCRYPTION_KEYS === undefined) {
    if (env.NODE_ENV === 'production')
      return ['BIOMETRIC_ENCRYPTION_KEYS: required in production (face images and templates are encrypted at rest)'];
    if (env.BIOMETRIC_ENCRYPTION_KEY_ID !== undefined) return ['BIOMETRIC_ENCRYPTION_KEY_ID: set without BIOMETRIC_ENCRYPTION_KEYS'];
    return [];
  }
  try {
    resolveActiveKeyId(parseEncryptionKeys(env.BIOMETRIC_ENCRYPTION_KEYS), env.BIOMETRIC_ENCRYPTION_KEY_ID);
    return [];
  } catch (error) {
    return [`BIOMETRIC_ENCRYPTION_KEYS: ${(error as Error).message}`];
  }
}

/** Every OUTBOUND_ALLOW_HOSTS entry must be a host name, an IP address or a CIDR range. */
function outboundProblems(env: EnvironmentVariables): string[] {
  const bad = env.OUTBOUND_ALLOW_HOSTS.filter((entry) => !isValidAllowHostEntry(entry));
  return bad.length === 0
    ? []
    : [`OUTBOUND_ALLOW_HOSTS: not a host name, IP address or CIDR range: ${bad.map((entry) => JSON.stringify(entry)).join(', ')}`];
}

/** STORAGE_PROVIDER=s3 needs a bucket and its credentials; the process refuses to start without them. */
function storageProblems(env: EnvironmentVariables): string[] {
  if (env.STORAGE_PROVIDER !== 's3') return [];
  const required = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  return required.filter((name) => env[name] === undefined).map((name) => `${name}: required when STORAGE_PROVIDER=s3`);
}

/** Validates the environment and applies defaults. Throws, naming every bad variable, when invalid. */
export function loadEnvironment(raw: Record<string, unknown> = process.env): EnvironmentVariables {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvironmentVariables, present, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = errors.map((e) => {
    // Key material is never echoed back into logs.
    const value = SECRET_VARIABLES.includes(e.property) ? '"…"' : JSON.stringify(present[e.property] ?? null);
    return `${e.property}=${value}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
  if (errors.length === 0) problems.push(...encryptionProblems(env), ...outboundProblems(env), ...storageProblems(env));
  if (errors.length === 0 && env.LIVENESS_ATTACK_BELOW > env.LIVENESS_THRESHOLD) {
    problems.push('LIVENESS_ATTACK_BELOW: must not exceed LIVENESS_THRESHOLD (the uncertain band lies between them)');
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return env;
}
