import type { FaceMatchVerification, JsonObject } from '../entities';

/**
 * The `payload` of `kyc.face_match.updated`: the verification as GET
 * /api/kyc/face-match/verifications/:id returns it, minus the image references (storage paths) and
 * the internal analysis details. It leaves the service, so it holds no images, embeddings or DNI.
 */
export function toFaceMatchEventPayload(row: FaceMatchVerification): JsonObject {
  return {
    id: row.id,
    organizationId: row.organizationId,
    entityId: row.entityId,
    status: row.status,
    match: row.match,
    score: row.score,
    threshold: row.threshold,
    requestId: row.requestId,
    vendorData: row.vendorData,
    errorMessage: row.errorMessage,
    triggeredByUserId: row.triggeredByUserId,
    storageProvider: row.storageProvider,
    warnings: row.warnings,
    doubleCheckRenaper: row.doubleCheckRenaper,
    responseDoubleChecks: responseDoubleChecksOf(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The contract's `responseDoubleChecks` as the API and the webhook both show it: the registry's
 * outcomes plus `inputSources`, where the double-check took dni, gender and trámite from
 * ("request", "entity" or "document", the DNI card read from documentImage).
 */
export function responseDoubleChecksOf(row: FaceMatchVerification): JsonObject | null {
  const sources = row.details?.renaperInputSources;
  if (!row.responseDoubleChecks) return null;
  const outcomes = row.responseDoubleChecks as unknown as JsonObject;
  return sources ? { ...outcomes, inputSources: sources } : outcomes;
}
