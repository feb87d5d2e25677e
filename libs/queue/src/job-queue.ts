import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, QueueEvents } from 'bullmq';
import { JOB_POLICIES, JobName, JobPayloads, JobPolicy, QUEUES, QueueName } from '@app/core';
import { QUEUES_BY_NAME } from './queues-by-name';

export type JobWaitResult = 'finished' | 'timed_out';

/**
 * Typed access to the queues: `enqueue` adds a job whose id is the record id (so a repeated
 * enqueue is a no-op) with the retry policy of its name; `waitFor` lets a caller wait for a job to
 * finish without polling (BullMQ's event stream), up to a deadline.
 */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly events = new Map<string, QueueEvents>();

  constructor(@Inject(QUEUES_BY_NAME) private readonly queues: Record<QueueName, Queue>) {
    // Every request waiting on a job listens on the queue; dozens at once are normal here.
    this.queues[QUEUES.renaper].setMaxListeners(0);
  }

  /** `retry` overrides the name's default attempts/backoff (from configuration, e.g. WEBHOOK_BACKOFF_MS). */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    jobId: string,
    retry: Partial<Pick<JobPolicy, 'attempts' | 'backoffMs'>> = {},
  ): Promise<void> {
    const policy = { ...JOB_POLICIES[name], ...retry };
    await this.queueFor(policy.queue).add(name, payload, {
      jobId,
      attempts: policy.attempts,
      backoff: { type: 'exponential', delay: policy.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /**
   * Makes sure a job with this id exists, for a record the database says still needs work (the
   * recovery sweep). A queued, delayed or running job is left alone; a finished one (completed, or
   * failed on e.g. a database error) would make `add` a no-op, so it is removed first. Returns
   * whether a job was added.
   */
  async requeue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    jobId: string,
    retry: Partial<Pick<JobPolicy, 'attempts' | 'backoffMs'>> = {},
  ): Promise<boolean> {
    const queue = this.queueFor(JOB_POLICIES[name].queue);
    const state = await queue.getJobState(jobId);
    if (state === 'completed' || state === 'failed') await queue.remove(jobId);
    else if (state !== 'unknown') return false;
    await this.enqueue(name, payload, jobId, retry);
    return true;
  }

  /** Installs the scheduler of `name` when it is missing (Redis lost it); returns whether it had to. */
  async ensureScheduled<N extends JobName>(name: N, payload: JobPayloads[N], everyMs: number): Promise<boolean> {
    const existing = await this.queueFor(JOB_POLICIES[name].queue).getJobScheduler(name);
    if (existing) return false;
    await this.schedule(name, payload, everyMs);
    return true;
  }

  /**
   * Runs `name` every `everyMs` (a BullMQ job scheduler whose id is the job name): every process
   * may call it on start, the scheduler stays one, and a new interval replaces the old one.
   */
  async schedule<N extends JobName>(name: N, payload: JobPayloads[N], everyMs: number): Promise<void> {
    const policy = JOB_POLICIES[name];
    await this.queueFor(policy.queue).upsertJobScheduler(
      name,
      { every: everyMs },
      {
        name,
        data: payload,
        opts: {
          attempts: policy.attempts,
          backoff: { type: 'exponential', delay: policy.backoffMs },
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 1000 },
        },
      },
    );
  }

  /** Resolves when the job completed or failed for good, or when `timeoutMs` passed first (whatever Redis does). */
  async waitFor(name: JobName, jobId: string, timeoutMs: number): Promise<JobWaitResult> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<JobWaitResult>((resolve) => (timer = setTimeout(() => resolve('timed_out'), timeoutMs)));
    try {
      return await Promise.race([this.waitUntilFinished(name, jobId, timeoutMs), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async waitUntilFinished(name: JobName, jobId: string, timeoutMs: number): Promise<JobWaitResult> {
    const queue = this.queueFor(JOB_POLICIES[name].queue);
    const job = await Job.fromId(queue, jobId);
    if (!job) return 'finished';
    try {
      await job.waitUntilFinished(await this.queueEvents(queue), timeoutMs);
      return 'finished';
    } catch (error) {
      return /timed out/i.test((error as Error).message) ? 'timed_out' : 'finished';
    }
  }

  /** Counts for operators (health details). */
  async counts(): Promise<Record<string, Record<string, number>>> {
    const states = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
    const entries = await Promise.all(
      Object.entries(this.queues).map(async ([name, queue]) => [name, await queue.getJobCounts(...states)] as const),
    );
    return Object.fromEntries(entries);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.events.values()].map((events) => events.close()));
  }

  private queueFor(name: QueueName): Queue {
    return this.queues[name];
  }

  private async queueEvents(queue: Queue): Promise<QueueEvents> {
    let events = this.events.get(queue.name);
    if (!events) {
      // A blocking reader of the event stream: unlike the producer connection it must wait for Redis.
      const connection = { ...queue.opts.connection, enableOfflineQueue: true, maxRetriesPerRequest: null };
      events = new QueueEvents(queue.name, { connection, prefix: queue.opts.prefix });
      events.setMaxListeners(0);
      this.events.set(queue.name, events);
    }
    await events.waitUntilReady();
    return events;
  }
}
