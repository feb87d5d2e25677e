import { ConfigType, registerAs } from '@nestjs/config';
import { JOB_POLICIES, JOBS } from '../jobs/jobs';
import { EnvironmentVariables, loadEnvironment } from './environment';
import { resolveLogFormat } from '../logging/log-format';

let cached: EnvironmentVariables | undefined;

/** The validated environment, read once per process. */
export function environment(): EnvironmentVariables {
  cached ??= loadEnvironment();
  return cached;
}

/** Forget the cached environment (tests that start several apps with different settings). */
export function resetEnvironmentCache(): void {
  cached = undefined;
}

export const httpConfig = registerAs('http', () => {
  const env = environment();
  return {
    port: env.PORT,
    host: env.HOST,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    logFormat: resolveLogFormat(env.LOG_FORMAT, env.NODE_ENV),
    adminToken: env.ADMIN_TOKEN,
  };
});

export const limitsConfig = registerAs('limits', () => {
  const env = environment();
  return {
    /** Per API key and organization, when the organization sets no `limits.requestsPerMinute`. */
    requestsPerMinute: env.RATE_LIMIT_REQUESTS_PER_MINUTE,
    hostedPerIpPerMinute: env.HOSTED_RATE_LIMIT_PER_IP_PER_MINUTE,
    hostedPerTokenPerMinute: env.HOSTED_RATE_LIMIT_PER_TOKEN_PER_MINUTE,
  };
});

export const pressureConfig = registerAs('pressure', () => {
  const env = environment();
  const mb = (value: number) => value * 1024 * 1024;
  return {
    maxEventLoopDelayMs: env.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: mb(env.PRESSURE_MAX_HEAP_USED_MB),
    maxRssBytes: mb(env.PRESSURE_MAX_RSS_MB),
  };
});

export const databaseConfig = registerAs('database', () => {
  const env = environment();
  return {
    url: env.DATABASE_URL,
    migrateOnStart: env.DATABASE_MIGRATE_ON_START,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    poolSize: env.DATABASE_POOL_SIZE,
  };
});

export const redisConfig = registerAs('redis', () => {
  const env = environment();
  return { url: env.REDIS_URL, prefix: env.REDIS_PREFIX };
});

export const storageConfig = registerAs('storage', () => {
  const env = environment();
  return {
    dir: env.STORAGE_DIR,
    nodeEnv: env.NODE_ENV,
    /** Unparsed `id:base64key` list; the storage lib builds the cipher (and the development key) from it. */
    encryptionKeys: env.BIOMETRIC_ENCRYPTION_KEYS,
    encryptionKeyId: env.BIOMETRIC_ENCRYPTION_KEY_ID,
    provider: env.STORAGE_PROVIDER,
    s3: {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      requestTimeoutMs: env.S3_REQUEST_TIMEOUT_MS,
      maxAttempts: env.S3_MAX_ATTEMPTS,
    },
  };
});

export const faceConfig = registerAs('face', () => {
  const env = environment();
  return {
    modelsDir: env.MODELS_DIR,
    workers: env.FACE_WORKERS,
    queueLimit: env.FACE_QUEUE_LIMIT,
    taskTimeoutMs: env.FACE_TASK_TIMEOUT_MS,
    embedders: env.FACE_EMBEDDERS,
    flipAugment: env.FACE_FLIP_AUGMENT,
    maxSide: env.FACE_MAX_SIDE,
    minQualitySize: env.FACE_MIN_QUALITY_SIZE,
    minQualityConfidence: env.FACE_MIN_QUALITY_CONFIDENCE,
    imageMaxBytes: env.IMAGE_MAX_BYTES,
    imageMinSide: env.IMAGE_MIN_SIDE,
    imageMaxMegapixels: env.IMAGE_MAX_MEGAPIXELS,
  };
});

/** The passive liveness thresholds (docs/liveness.md): live at/above `threshold`, attack below `attackBelow`. */
export const livenessConfig = registerAs('liveness', () => {
  const env = environment();
  return { threshold: env.LIVENESS_THRESHOLD, attackBelow: env.LIVENESS_ATTACK_BELOW };
});

export const renaperConfig = registerAs('renaper', () => {
  const env = environment();
  return {
    waitSeconds: env.RENAPER_WAIT_SECONDS,
    deadlineSeconds: env.RENAPER_DEADLINE_SECONDS,
    pollIntervalMs: env.RENAPER_POLL_INTERVAL_MS,
    httpTimeoutMs: env.RENAPER_HTTP_TIMEOUT_MS,
    workerConcurrency: env.RENAPER_WORKER_CONCURRENCY,
  };
});

export const webhooksConfig = registerAs('webhooks', () => {
  const env = environment();
  const policy = JOB_POLICIES[JOBS.webhookDeliver];
  return {
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    attempts: env.WEBHOOK_MAX_ATTEMPTS ?? policy.attempts,
    backoffMs: env.WEBHOOK_BACKOFF_MS ?? policy.backoffMs,
    workerConcurrency: env.WEBHOOK_WORKER_CONCURRENCY,
  };
});

export const outboundConfig = registerAs('outbound', () => {
  const env = environment();
  return {
    /** Development and tests call the sandbox and local receivers on 127.0.0.1; production refuses private networks unless told. */
    allowPrivateNetworks: env.OUTBOUND_ALLOW_PRIVATE_NETWORKS ?? env.NODE_ENV !== 'production',
    allowHosts: env.OUTBOUND_ALLOW_HOSTS,
    maxResponseBytes: env.OUTBOUND_MAX_RESPONSE_BYTES,
  };
});

export const kycValidationsConfig = registerAs('kycValidations', () => {
  const env = environment();
  return {
    /** Without a trailing slash. */
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    sessionIdleMinutes: env.KYC_SESSION_IDLE_MINUTES,
    sweepIntervalSeconds: env.KYC_SESSION_SWEEP_SECONDS,
    livenessMaxAttempts: env.KYC_LIVENESS_MAX_ATTEMPTS,
    livenessChallengeSeconds: env.KYC_LIVENESS_CHALLENGE_SECONDS,
  };
});

export const workerConfig = registerAs('worker', () => {
  const env = environment();
  return {
    recoverySweepSeconds: env.WORKER_RECOVERY_SWEEP_SECONDS,
    metricsPort: env.WORKER_METRICS_PORT,
    metricsHost: env.HOST,
  };
});

export type HttpConfig = ConfigType<typeof httpConfig>;
export type PressureConfig = ConfigType<typeof pressureConfig>;
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
export type RedisConfig = ConfigType<typeof redisConfig>;
export type LimitsConfig = ConfigType<typeof limitsConfig>;
export type StorageConfig = ConfigType<typeof storageConfig>;
export type FaceConfig = ConfigType<typeof faceConfig>;
export type RenaperConfig = ConfigType<typeof renaperConfig>;
export type LivenessConfig = ConfigType<typeof livenessConfig>;
export type WebhooksConfig = ConfigType<typeof webhooksConfig>;
export type KycValidationsConfig = ConfigType<typeof kycValidationsConfig>;
export type WorkerConfig = ConfigType<typeof workerConfig>;
export type OutboundConfig = ConfigType<typeof outboundConfig>;

/** Every namespace, for `ConfigModule.forRoot({ load })`. */
export const CONFIG_NAMESPACES = [
  httpConfig,
  pressureConfig,
  limitsConfig,
  databaseConfig,
  redisConfig,
  storageConfig,
  faceConfig,
  livenessConfig,
  renaperConfig,
  webhooksConfig,
  kycValidationsConfig,
  workerConfig,
  outboundConfig,
];

/** `ConfigModule.forRoot({ validate })`: refuses to boot on an invalid environment. */
export function validateEnvironment(raw: Record<string, unknown>): Record<string, unknown> {
  loadEnvironment(raw);
  return raw;
}
