import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { FaceEngine } from '@app/face';
import { REDIS_CONNECTION } from '@app/queue';

type Check = { status: 'up' } & Record<string, unknown> | { status: 'down'; error: string };

export interface ReadinessReport {
  status: 'ok' | 'error';
  details: { database: Check; redis: Check; models: Check };
}

const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function check(what: string, probe: () => Promise<Record<string, unknown>>): Promise<Check> {
  try {
    return { status: 'up', ...(await withTimeout(probe(), what)) };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  }
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly engine: FaceEngine,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const [database, redis, models] = await Promise.all([
      check('database', async () => {
        await this.dataSource.query('SELECT 1');
        return {};
      }),
      check('redis', async () => {
        await this.redis.ping();
        return {};
      }),
      check('models', async () => {
        const status = this.engine.status();
        if (!status.ready) throw new Error('face models are not loaded');
        return { modelVersion: status.modelVersion, workers: status.workers };
      }),
    ]);
    const details = { database, redis, models };
    const ok = Object.values(details).every((c) => c.status === 'up');
    return { status: ok ? 'ok' : 'error', details };
  }
}
