import { DomainError } from '@app/core';
import { AttemptFailure, runAudited } from './audited-attempt';
import { parse, valueOf } from './parsed';

type Facts = { entityId: string | null; vendorData: string | null };

function recorder() {
  const rows: { facts: Facts; failure: AttemptFailure }[] = [];
  let failures = 0;
  const attempt = {
    requestId: 'req-1',
    what: 'verification',
    facts: { entityId: null, vendorData: null } as Facts,
    recordFailure: (facts: Facts, failure: AttemptFailure) => {
      rows.push({ facts, failure });
      return Promise.resolve();
    },
    onFailure: () => failures++,
  };
  return { rows, attempt, failures: () => failures };
}

describe('runAudited', () => {
  it('returns what the work returns and records nothing', async () => {
    const { rows, attempt, failures } = recorder();
    await expect(runAudited(attempt, () => Promise.resolve(42))).resolves.toBe(42);
    expect(rows).toEqual([]);
    expect(failures()).toBe(0);
  });

  it('records a failure with every fact learned before it, then rethrows the same error', async () => {
    const { rows, attempt, failures } = recorder();
    const error = DomainError.notFound('Entity e-1');
    const run = runAudited(attempt, async (learn) => {
      learn({ vendorData: 'customer-1' });
      learn({ entityId: 'e-1' });
      await Promise.resolve();
      throw error;
    });
    await expect(run).rejects.toBe(error);
    expect(rows).toEqual([
      { facts: { entityId: 'e-1', vendorData: 'customer-1' }, failure: { code: 'NOT_FOUND', message: 'Entity e-1 not found' } },
    ]);
    expect(failures()).toBe(1);
  });

  it('records an unexpected error as VERIFICATION_FAILED without its internal message', async () => {
    const { rows, attempt } = recorder();
    await expect(runAudited(attempt, () => Promise.reject(new Error('connection reset by peer')))).rejects.toThrow('connection reset');
    expect(rows[0].failure).toEqual({ code: 'VERIFICATION_FAILED', message: 'The verification could not be completed (internal error)' });
  });

  it('still throws the call’s own error when the failed row cannot be written', async () => {
    const { attempt } = recorder();
    const error = DomainError.invalid('selfieImage is required');
    const broken = { ...attempt, recordFailure: () => Promise.reject(new Error('database is down')) };
    await expect(runAudited(broken, () => Promise.reject(error))).rejects.toBe(error);
  });
});

describe('parse and valueOf', () => {
  it('keeps a reader’s value, and hands back its error only when the value is asked for', async () => {
    const error = DomainError.invalid('Send the request as multipart/form-data');
    const good = await parse(() => Promise.resolve({ a: 1 }));
    const bad = await parse(() => {
      throw error;
    });
    expect(good).toEqual({ ok: true, value: { a: 1 } });
    expect(bad).toEqual({ ok: false, error });
    expect(valueOf(good)).toEqual({ a: 1 });
    expect(() => valueOf(bad)).toThrow(error);
  });
});
