import { JsonObject, KycValidation, KycValidationStatus } from '@app/audit';

/**
 * A validation as the contract shows it, in one definition for its two audiences:
 * - `GET /api/kyc/validations/:id` and the other API responses (the organization's own callers) also
 *   see `providerSessionUrl` (the hosted link with the token: only in the creation response, null
 *   afterwards) and `webhookUrl`;
 * - the `kyc.validation_*` webhook payload leaves both out: the token must never travel in an event,
 *   and the receiving URL is where the event is going anyway. Its dates are ISO strings (JSON).
 */
export interface ValidationContract {
  id: string;
  entityId: string;
  organizationId: string;
  integrationCode: string;
  sessionId: string;
  status: KycValidationStatus;
  provider: string;
  providerSessionUrl: string | null;
  isCurrent: boolean;
  expiresAt: Date;
  metadata: JsonObject | null;
  omitWarnings: string[];
  callback: string | null;
  webhookUrl: string | null;
  decision: JsonObject | null;
  resolutionReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields only the API's callers see (see ValidationContract). */
export const API_ONLY_VALIDATION_FIELDS = ['providerSessionUrl', 'webhookUrl'] as const;

/** For the API's responses; `providerSessionUrl` is given only to the creator, once. */
export function toValidationContract(validation: KycValidation, providerSessionUrl: string | null = null): ValidationContract {
  return {
    id: validation.id,
    entityId: validation.entityId,
    organizationId: validation.organizationId,
    integrationCode: validation.integrationCode,
    sessionId: validation.sessionId,
    status: validation.status,
    provider: validation.provider,
    providerSessionUrl,
    isCurrent: validation.isCurrent,
    expiresAt: validation.expiresAt,
    metadata: validation.metadata,
    omitWarnings: validation.omitWarnings,
    callback: validation.callbackUrl,
    webhookUrl: validation.webhookUrl,
    decision: validation.decision,
    resolutionReason: validation.resolutionReason,
    createdAt: validation.createdAt,
    updatedAt: validation.updatedAt,
  };
}

/** For the `kyc.validation_*` events: the same shape without the API-only fields, dates as ISO strings. */
export function toKycValidationEventPayload(validation: KycValidation): JsonObject {
  const { providerSessionUrl: _link, webhookUrl: _url, ...shared } = toValidationContract(validation);
  return {
    ...shared,
    expiresAt: shared.expiresAt.toISOString(),
    createdAt: shared.createdAt.toISOString(),
    updatedAt: shared.updatedAt.toISOString(),
  };
}
