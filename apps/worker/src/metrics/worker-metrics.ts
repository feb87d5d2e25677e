import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { QueueName } from '@app/core';
import { QUEUES_BY_NAME, registerQueueDepthGauge } from '@app/queue';

/** How one RENAPER step call ended: answered, a transient failure (retried) or a refusal. */
export type RenaperCallResult = 'ok' | 'transient' | 'permanent';

/**
 * The worker's Prometheus series (served by WorkerMetricsServer). Labels are steps, statuses,
 * outcomes and queue names only: never an id, identity number, URL, secret or image.
 */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly renaperCalls = new Histogram({
    name: 'kyc_renaper_call_duration_seconds',
    help: 'RENAPER double-check steps (data, submit, poll: the registry call with its bookkeeping) by result',
    labelNames: ['step', 'result'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly renaperOutcomes = new Counter({
    name: 'kyc_renaper_checks_total',
    help: "Finished RENAPER double-checks by the verification's final status",
    labelNames: ['status'],
    registers: [this.registry],
  });
  private readonly webhookAttempts = new Counter({
    name: 'kyc_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts by outcome (delivered, retry, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor(@Inject(QUEUES_BY_NAME) queues: Record<QueueName, Queue>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kyc_worker_' });
    registerQueueDepthGauge(this.registry, Object.values(queues));
  }

  renaperCall(step: string, result: RenaperCallResult, seconds: number): void {
    this.renaperCalls.observe({ step, result }, seconds);
  }

  renaperFinished(status: string): void {
    this.renaperOutcomes.inc({ status });
  }

  webhookAttempt(outcome: string): void {
    this.webhookAttempts.inc({ outcome });
  }
}
