import type { OrganizationKycSettings } from '@app/audit';
import { DomainError } from '@app/core';

/** The integrations an organization turns on in its KYC settings, each behind its own endpoint(s). */
export type Integration = 'faceMatch' | 'kycValidation' | 'liveness' | 'idVerification';

const ENABLED: Record<Integration, (settings: OrganizationKycSettings) => boolean> = {
  faceMatch: (settings) => settings.faceMatchEnabled,
  kycValidation: (settings) => settings.kycValidationEnabled,
  liveness: (settings) => settings.livenessEnabled,
  idVerification: (settings) => settings.idVerificationEnabled,
};

/** NOT_ENABLED (the contract's 403) unless the organization has turned the integration on. */
export function requireIntegration(settings: OrganizationKycSettings, integration: Integration): void {
  if (ENABLED[integration](settings)) return;
  throw new DomainError(
    'NOT_ENABLED',
    `The ${integration} integration is disabled for this organization (see PATCH /api/organizations/current/kyc-settings, ${integration}.enabled)`,
  );
}

/**
 * The kycValidation integration on and configured: session validations and the biometric check
 * sign what they send with the webhook secret, so without one they are NOT_CONFIGURED.
 */
export function requireSignedKycValidation(settings: OrganizationKycSettings): void {
  requireIntegration(settings, 'kycValidation');
  if (settings.webhookSecret) return;
  throw new DomainError(
    'NOT_CONFIGURED',
    'The kycValidation integration needs a webhook secret (kycValidation.webhookSecret): its events and results are signed with it',
  );
}
