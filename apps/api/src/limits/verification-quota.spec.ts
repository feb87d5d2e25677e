import { COUNTED_VERIFICATIONS, countedVerificationOf, quotaPeriod } from './verification-quota';

describe('countedVerificationOf', () => {
  it('counts the verification endpoints and nothing else', () => {
    expect(countedVerificationOf('POST', '/api/kyc/face-match')).toBe('face_match');
    expect(countedVerificationOf('post', '/api/kyc/biometric/')).toBe('biometric_check');
    expect(countedVerificationOf('POST', '/api/kyc/liveness')).toBe('liveness');
    expect(countedVerificationOf('POST', '/api/kyc/id-verification')).toBe('id_verification');
    expect(countedVerificationOf('GET', '/api/kyc/face-match/verifications')).toBeUndefined();
    expect(countedVerificationOf('POST', '/api/entities')).toBeUndefined();
    expect(countedVerificationOf('POST', undefined)).toBeUndefined();
  });

  it('lists every kind once', () => {
    const kinds = COUNTED_VERIFICATIONS.map((entry) => entry.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});

describe('quotaPeriod', () => {
  it('is the UTC calendar month, ending at the first instant of the next', () => {
    const period = quotaPeriod(new Date('2026-12-31T23:59:30Z'));
    expect(period.id).toBe('2026-12');
    expect(period.resetsAt.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(period.secondsLeft).toBe(30);
  });

  it('starts a new period at midnight UTC on the first, whatever the local time zone', () => {
    expect(quotaPeriod(new Date('2027-02-01T00:00:00Z')).id).toBe('2027-02');
    expect(quotaPeriod(new Date('2027-01-31T23:59:59.999Z')).id).toBe('2027-01');
  });
});
