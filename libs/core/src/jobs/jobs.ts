/**
 * Queue and job names, their payload types and their default retry policy. Payloads carry ids
 * only: images, templates and DNI numbers never go to Redis (the worker reads them from the
 * database and the image storage).
 */
export const QUEUES = {
  renaper: 'renaper',
  webhooks: 'webhooks',
  kycValidations: 'kyc-validations',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  renaperDoubleCheck: 'renaper.double-check',
  webhookDeliver: 'webhook.deliver',
  kycValidationsSweep: 'kyc-validations.sweep',
} as const;

export interface JobPayloads {
  [JOBS.renaperDoubleCheck]: { verificationId: string };
  /** The body, URL and event live in the outbox row; the secret is read at each attempt. */
  [JOBS.webhookDeliver]: { deliveryId: string };
  /** Expires and abandons stale validation sessions; a scheduled job with nothing to carry. */
  [JOBS.kycValidationsSweep]: Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface JobPolicy {
  queue: QueueName;
  /** Attempts for transient failures (a poll that is merely "pending" is not a failure). */
  attempts: number;
  /** Exponential backoff base delay. */
  backoffMs: number;
}

export const JOB_POLICIES: Record<JobName, JobPolicy> = {
  [JOBS.renaperDoubleCheck]: { queue: QUEUES.renaper, attempts: 8, backoffMs: 1000 },
  // 2 s, 4 s, ... 128 s: about four minutes of retries in all before the delivery is marked failed.
  // WEBHOOK_MAX_ATTEMPTS / WEBHOOK_BACKOFF_MS override it (tests use a short backoff).
  [JOBS.webhookDeliver]: { queue: QUEUES.webhooks, attempts: 8, backoffMs: 2000 },
  // A failed sweep is simply run again by the next tick of its scheduler.
  [JOBS.kycValidationsSweep]: { queue: QUEUES.kycValidations, attempts: 1, backoffMs: 1000 },
};
