import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsNumber, IsString, Max, Min } from 'class-validator';
import { toBoolean, toList } from './env-transforms';

/** Work that leaves the request: the RENAPER double-check, webhooks, validation sessions, recovery and outbound calls. */
export class IntegrationsEnvironment {
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
   * How long a running job's lock lasts without renewal (the worker renews it every half of this)
   * and how often each worker looks for jobs whose lock ran out. A job running in a worker that
   * died (SIGKILL, out of memory, a lost machine) is taken over by another worker within about
   * twice this. Lower recovers sooner, at the cost of more Redis calls; a job may run twice if a
   * worker's event loop is blocked for longer than this.
   */
  @IsInt()
  @Min(2)
  @Max(600)
  WORKER_JOB_LOCK_SECONDS: number = 30;

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
}
