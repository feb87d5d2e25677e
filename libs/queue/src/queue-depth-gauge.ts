import { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

/**
 * `kyc_queue_jobs{queue,state}`: BullMQ job counts read from Redis when Prometheus scrapes (the
 * same numbers from every process, so sum by nothing, take max). A scrape while Redis is down
 * leaves the series out instead of failing the whole page.
 */
export function registerQueueDepthGauge(registry: Registry, queues: Queue[]): Gauge<'queue' | 'state'> {
  return new Gauge({
    name: 'kyc_queue_jobs',
    help: 'BullMQ jobs by queue and state, read from Redis at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (queue) => {
          try {
            const counts = await queue.getJobCounts(...STATES);
            for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch {
            // Redis unreachable: the health check says so; the other series still answer.
          }
        }),
      );
    },
  });
}
