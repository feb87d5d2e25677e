import { REDACTED, redactLogArguments, redactText, redactUrl } from './log-redaction';

describe('redactUrl', () => {
  it('keeps paging and filters but never an identity number in the query', () => {
    expect(redactUrl('/api/entities?taxId=27284567124&limit=10&offset=20')).toBe(`/api/entities?taxId=${REDACTED}&limit=10&offset=20`);
    expect(redactUrl('/api/entities?externalId=cliente-28456712')).toBe(`/api/entities?externalId=${REDACTED}`);
    expect(redactUrl('/api/kyc/face-match?doubleCheckRenaper=true&dni=28456712&tramite=00612345678')).toBe(
      `/api/kyc/face-match?doubleCheckRenaper=true&dni=${REDACTED}&tramite=${REDACTED}`,
    );
  });

  it('redacts values of unknown parameters, and digit runs even in harmless ones', () => {
    expect(redactUrl('/api/x?whatever=secret&status=27284567124')).toBe(`/api/x?whatever=${REDACTED}&status=${REDACTED}`);
    expect(redactUrl('/api/x?27284567124')).toBe(`/api/x?${REDACTED}=${REDACTED}`);
    expect(redactUrl('/api/x?tax%49d=27284567124')).toBe(`/api/x?taxId=${REDACTED}`);
  });

  it('takes the hosted session token out of the path', () => {
    const token = 'Qm9nYm9nYm9nYm9nYm9nYm9nYm9nYm9nYm9nYm9nYm9n';
    expect(redactUrl(`/kyc/session/${token}`)).toBe(`/kyc/session/${REDACTED}`);
    expect(redactUrl(`/kyc/session/${token}/state?x=1`)).toBe(`/kyc/session/${REDACTED}/state?x=${REDACTED}`);
  });

  it('leaves ordinary paths and uuids alone', () => {
    expect(redactUrl('/api/kyc/face-match/verifications/4f1c2b9e-8a7d-4c3b-9e2f-1a2b3c4d5e6f?limit=5')).toBe(
      '/api/kyc/face-match/verifications/4f1c2b9e-8a7d-4c3b-9e2f-1a2b3c4d5e6f?limit=5',
    );
  });
});

describe('redactText', () => {
  it('scrubs DNI, CUIL (dashed or not), dotted DNI, API keys, bearer credentials and base64 runs', () => {
    const text = `dni 28456712 cuil 27-28456712-4 or 27284567124, dotted 28.456.712, key kyc_abcdefghijklmnop, Bearer abc.def, img ${'A'.repeat(300)}`;
    const scrubbed = redactText(text);
    for (const secret of ['28456712', '27284567124', '28.456.712', 'kyc_abcdefghijklmnop', 'abc.def', 'AAAAAAAAAA']) {
      expect(scrubbed).not.toContain(secret);
    }
  });

  it('keeps short numbers, counts and durations readable', () => {
    expect(redactText('retry 3 in 2000 ms, 12 expired, port 6379')).toBe('retry 3 in 2000 ms, 12 expired, port 6379');
  });

  it('is applied to the string arguments of a log call only', () => {
    const context = { context: 'Worker' };
    expect(redactLogArguments([context, 'DNI 28456712'])).toEqual([context, `DNI ${REDACTED}`]);
  });
});
