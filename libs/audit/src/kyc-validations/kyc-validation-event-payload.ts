import { KycValidation } from '../entities/kyc-validation.entity';
import { JsonObject } from '../entities/column-types';

/**
 * The validation as webhooks carry it: no images, no templates, and never the session token (the
 * link with the token is returned to the creator only).
 */
export function toKycValidationEventPayload(validation: KycValidation): JsonObject {
  return {
    id: validation.id,
    entityId: validation.entityId,
    organizationId: validation.organizationId,
    integrationCode: validation.integrationCode,
    sessionId: validation.sessionId,
    status: validation.status,
    provider: validation.provider,
    isCurrent: validation.isCurrent,
    expiresAt: validation.expiresAt.toISOString(),
    metadata: validation.metadata,
    omitWarnings: validation.omitWarnings,
    callback: validation.callbackUrl,
    decision: validation.decision,
    resolutionReason: validation.resolutionReason,
    createdAt: validation.createdAt.toISOString(),
    updatedAt: validation.updatedAt.toISOString(),
  };
}
