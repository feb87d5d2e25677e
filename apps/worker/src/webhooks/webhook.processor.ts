import { WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JobPayloads, JOBS, QUEUES, webhooksConfig, WebhooksConfig } from '@app/core';
import { WebhookDeliverer } from './webhook-deliverer';
import { JobProcessor } from '../jobs/job-processor';

type WebhookJob = Job<JobPayloads[typeof JOBS.webhookDeliver], void, typeof JOBS.webhookDeliver>;

/**
 * Consumes the `webhooks` queue: one run = one POST. A refused or failed POST throws so that
 * BullMQ retries it with the job's exponential backoff; the last failure marks the delivery failed.
 */
@JobProcessor(QUEUES.webhooks, [JOBS.webhookDeliver])
export class WebhookProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly deliverer: WebhookDeliverer,
    @Inject(webhooksConfig.KEY) private readonly config: WebhooksConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Deliveries mostly wait on receivers (up to the timeout each), so one process sends many at once.
    this.worker.concurrency = this.config.workerConcurrency;
  }

  async process(job: WebhookJob): Promise<void> {
    switch (job.name) {
      case JOBS.webhookDeliver: {
        const attempt = job.attemptsMade + 1;
        const result = await this.deliverer.attempt(job.data.deliveryId, {
          last: attempt >= (job.opts.attempts ?? 1),
          // BullMQ's exponential backoff: base × 2^(attempts made − 1) once this attempt counts.
          retryDelayMs: backoffBase(job) * 2 ** (attempt - 1),
        });
        if (result.kind === 'retry') throw new Error(`webhook delivery ${job.data.deliveryId}: ${result.reason}`);
        if (result.kind === 'failed') throw new UnrecoverableError(`webhook delivery ${job.data.deliveryId} failed: ${result.reason}`);
        return;
      }
      default: {
        const unknown: never = job.name;
        throw new Error(`unknown job ${String(unknown)}`);
      }
    }
  }
}

function backoffBase(job: WebhookJob): number {
  const backoff = job.opts.backoff;
  return typeof backoff === 'number' ? backoff : (backoff?.delay ?? 0);
}
