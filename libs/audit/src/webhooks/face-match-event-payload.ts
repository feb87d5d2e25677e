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
    responseDoubleChecks: row.responseDoubleChecks,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
