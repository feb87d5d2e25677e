import { KycValidation } from '@app/audit';
import { API_ONLY_VALIDATION_FIELDS, toKycValidationEventPayload, toValidationContract } from './validation-contract';

function validation(): KycValidation {
  return Object.assign(new KycValidation(), {
    id: 'v-1',
    entityId: 'e-1',
    organizationId: 'o-1',
    integrationCode: 'global_gueno_validation_kyc',
    sessionId: 's-1',
    sessionTokenHash: 'hash-that-never-leaves',
    status: 'in_review',
    provider: 'self_hosted',
    isCurrent: true,
    expiresAt: new Date('2026-03-01T12:00:00.000Z'),
    metadata: { ref: 'A-1' },
    omitWarnings: ['LOW_FACE_QUALITY'],
    callbackUrl: 'https://example.com/done',
    webhookUrl: 'https://hooks.example.com/kyc',
    decision: { status: 'in_review' },
    resolutionReason: null,
    createdAt: new Date('2026-03-01T10:00:00.000Z'),
    updatedAt: new Date('2026-03-01T10:05:00.000Z'),
  });
}

describe('the validation contract, for its two audiences', () => {
  it('gives the API the session link (to the creator) and the webhook URL', () => {
    const shape = toValidationContract(validation(), 'https://kyc.example.test/kyc/session/token');
    expect(shape).toMatchObject({
      providerSessionUrl: 'https://kyc.example.test/kyc/session/token',
      webhookUrl: 'https://hooks.example.com/kyc',
    });
    expect(toValidationContract(validation()).providerSessionUrl).toBeNull();
    expect(shape.callback).toBe('https://example.com/done');
  });

  it('gives the webhook the same fields in the same order without the API-only ones, dates as ISO strings', () => {
    const api = toValidationContract(validation(), 'https://kyc.example.test/kyc/session/token');
    const event = toKycValidationEventPayload(validation());
    expect(Object.keys(event)).toEqual(Object.keys(api).filter((key) => !(API_ONLY_VALIDATION_FIELDS as readonly string[]).includes(key)));
    expect(event).toMatchObject({ expiresAt: '2026-03-01T12:00:00.000Z', createdAt: '2026-03-01T10:00:00.000Z', status: 'in_review' });
    expect(JSON.stringify(event)).not.toContain('hooks.example.com');
    expect(JSON.stringify(event)).not.toContain('hash-that-never-leaves');
  });
});
