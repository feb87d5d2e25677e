import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { toBoolean } from './env-transforms';

/** Where state lives: PostgreSQL, Redis, the image storage (local or S3) and the keys that encrypt it. */
export class DataEnvironment {
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
}
