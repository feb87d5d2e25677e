import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { FaceEngine } from '@app/face';
import { JobQueue, REDIS_CONNECTION } from '@app/queue';

type Check = ({ status: 'up' } & Record<string, unknown>) | { status: 'down'; error: string };

export interface ReadinessReport {
  status: 'ok' | 'error';
  details: { database: Check; redis: Check; models: Check; queues: Check };
}

export interface EventLoopReport {
  /** Since the previous report (or start-up). */
  sinceMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function check(what: string, probe: () => Promise<Record<string, unknown>> | Record<string, unknown>): Promise<Check> {
  try {
    return { status: 'up', ...(await withTimeout(Promise.resolve(probe()), what)) };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  }
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  /** Event-loop delay: the API must stay responsive while requests wait on face inference or RENAPER. */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private loopSince = Date.now();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly engine: FaceEngine,
    private readonly jobs: JobQueue,
  ) {
    this.loopDelay.enable();
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }

  /** Event-loop delay percentiles since the previous call, then starts a new window. */
  eventLoop(): EventLoopReport {
    const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
    const report = {
      sinceMs: Date.now() - this.loopSince,
      p50Ms: ms(this.loopDelay.percentile(50)),
      p99Ms: ms(this.loopDelay.percentile(99)),
      maxMs: ms(this.loopDelay.max),
    };
    this.loopDelay.reset();
    this.loopSince = Date.now();
    return report;
  }

  async readiness(): Promise<ReadinessReport> {
    const [database, redis, models, queues] = await Promise.all([
      check('database', async () => {
        await this.dataSource.query('SELECT 1');
        return {};
      }),
      check('redis', async () => {
        await this.redis.ping();
        return {};
      }),
      check('models', () => {
        const status = this.engine.status();
        if (!status.ready) throw new Error('face models are not loaded');
        return { modelVersion: status.modelVersion, workers: status.workers, queuedImages: status.queued, reservedImages: status.reserved };
      }),
      // Depth and failures per queue, for operators (the dashboard at /admin/queues shows the jobs).
      check('queues', async () => ({ counts: await this.jobs.counts() })),
    ]);
    const details = { database, redis, models, queues };
    const ok = Object.values(details).every((c) => c.status === 'up');
    return { status: ok ? 'ok' : 'error', details };
  }
}
