import { Logger } from '@nestjs/common';
import { WorkerConfig } from '@app/core';
import { ValidationSweepSchedule } from '../validations/validation-sweep-schedule';
import { WebhookRecovery } from '../webhooks/webhook-recovery';
import { RecoverySweeper } from './recovery-sweeper';
import { RenaperRecovery } from './renaper-recovery';

interface Parts {
  ensure: () => Promise<boolean>;
  webhooks: () => Promise<number>;
  renaper: () => Promise<number>;
}

function sweeper(parts: Parts): RecoverySweeper {
  return new RecoverySweeper(
    { ensure: parts.ensure } as unknown as ValidationSweepSchedule,
    { sweep: parts.webhooks } as unknown as WebhookRecovery,
    { sweep: parts.renaper } as unknown as RenaperRecovery,
    { recoverySweepSeconds: 20 } as WorkerConfig,
  );
}

describe('RecoverySweeper', () => {
  let errorLog: jest.SpyInstance;

  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('reports what each part put back', async () => {
    const result = await sweeper({
      ensure: () => Promise.resolve(true),
      webhooks: () => Promise.resolve(3),
      renaper: () => Promise.resolve(2),
    }).sweep();
    expect(result).toEqual({ rescheduled: true, webhooks: 3, renaper: 2 });
  });

  it('runs every part even when another fails (PostgreSQL down must not keep the scheduler from coming back)', async () => {
    const ensure = jest.fn(() => Promise.resolve(true));
    const result = await sweeper({
      ensure,
      webhooks: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      renaper: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
    }).sweep();
    expect(ensure).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ rescheduled: true, webhooks: 0, renaper: 0 });
    expect(errorLog).toHaveBeenCalledWith(expect.stringContaining('recovery of webhook deliveries failed'));
  });
});
