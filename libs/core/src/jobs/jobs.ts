/**
 * Queue and job names, their payload types and their default retry policy. Payloads carry ids
 * only: images, templates and DNI numbers never go to Redis (the worker reads them from the
 * database and the image storage).
 */
export const QUEUES = {
  renaper: 'renaper',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  renaperDoubleCheck: 'renaper.double-check',
} as const;

export interface JobPayloads {
  [JOBS.renaperDoubleCheck]: { verificationId: string };
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
};
