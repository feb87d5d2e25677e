import type { OrganizationKycSettings } from '@app/audit';
import { DomainError } from '@app/core';
import { requireIntegration, requireSignedKycValidation } from './integrations';

function settings(overrides: Partial<OrganizationKycSettings> = {}): OrganizationKycSettings {
  return {
    faceMatchEnabled: true,
    kycValidationEnabled: true,
    livenessEnabled: true,
    idVerificationEnabled: true,
    webhookSecret: 'secret',
    ...overrides,
  } as OrganizationKycSettings;
}

function codeOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('requireIntegration', () => {
  it.each(['faceMatch', 'kycValidation', 'liveness', 'idVerification'] as const)('passes when %s is on', (integration) => {
    expect(codeOf(() => requireIntegration(settings(), integration))).toBeNull();
  });

  it.each([
    ['faceMatch', { faceMatchEnabled: false }],
    ['kycValidation', { kycValidationEnabled: false }],
    ['liveness', { livenessEnabled: false }],
    ['idVerification', { idVerificationEnabled: false }],
  ] as const)('refuses %s with NOT_ENABLED when it is off, naming the setting', (integration, off) => {
    expect(() => requireIntegration(settings(off), integration)).toThrow(`${integration}.enabled`);
    expect(codeOf(() => requireIntegration(settings(off), integration))).toBe('NOT_ENABLED');
  });
});

describe('requireSignedKycValidation', () => {
  it('is NOT_ENABLED before it is NOT_CONFIGURED', () => {
    expect(codeOf(() => requireSignedKycValidation(settings({ kycValidationEnabled: false, webhookSecret: null })))).toBe('NOT_ENABLED');
  });

  it('is NOT_CONFIGURED without a webhook secret', () => {
    expect(codeOf(() => requireSignedKycValidation(settings({ webhookSecret: null })))).toBe('NOT_CONFIGURED');
    expect(codeOf(() => requireSignedKycValidation(settings()))).toBeNull();
  });
});
