import type { FaceMatchVerification, JsonObject } from '../entities';

/**
 * Who a face-match verification is shown to. `api`: the organization's own auditors (GET
 * /api/kyc/face-match/verifications/:id), who may fetch the stored images by their references.
 * `webhook`: the `payload` of `kyc.face_match.updated`, which leaves the service for a URL the
 * organization chose: no image references, and dates as ISO strings in the stored JSON.
 */
export type VerificationAudience = 'api' | 'webhook';

/** The contract's face-match verification record, the fields every audience sees. */
export interface FaceMatchVerificationContract {
  id: string;
  organizationId: string;
  entityId: string | null;
  /** approved | declined | in_review | failed */
  status: string;
  match: boolean | null;
  score: number | null;
  requestId: string;
  vendorData: string | null;
  errorMessage: string | null;
  triggeredByUserId: string;
  /** local | s3 */
  storageProvider: string;
  /** The threshold used for this verification. */
  threshold: number;
  warnings: string[];
  doubleCheckRenaper: boolean;
  responseDoubleChecks: JsonObject | null;
}

/** What the organization's auditors see: the record, its dates, and where its images are stored. */
export interface FaceMatchVerificationForApi extends FaceMatchVerificationContract {
  createdAt: Date;
  updatedAt: Date;
  documentStoragePath: string | null;
  selfieStoragePath: string | null;
}

/** What a webhook carries: the record and its dates, nothing that points at an image, no analysis details. */
export interface FaceMatchVerificationForWebhook extends FaceMatchVerificationContract {
  createdAt: string;
  updatedAt: string;
}

/**
 * The one definition of the face-match verification record, for each audience (see
 * VerificationAudience). Never the internal analysis details, embeddings, images or DNI.
 */
export function faceMatchVerificationFor(row: FaceMatchVerification, audience: 'api'): FaceMatchVerificationForApi;
export function faceMatchVerificationFor(row: FaceMatchVerification, audience: 'webhook'): FaceMatchVerificationForWebhook;
export function faceMatchVerificationFor(
  row: FaceMatchVerification,
  audience: VerificationAudience,
): FaceMatchVerificationForApi | FaceMatchVerificationForWebhook {
  const record: FaceMatchVerificationContract = {
    id: row.id,
    organizationId: row.organizationId,
    entityId: row.entityId,
    status: row.status,
    match: row.match,
    score: row.score,
    requestId: row.requestId,
    vendorData: row.vendorData,
    errorMessage: row.errorMessage,
    triggeredByUserId: row.triggeredByUserId,
    storageProvider: row.storageProvider,
    threshold: row.threshold,
    warnings: row.warnings,
    doubleCheckRenaper: row.doubleCheckRenaper,
    responseDoubleChecks: responseDoubleChecksOf(row),
  };
  if (audience === 'webhook') return { ...record, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
  return {
    ...record,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    documentStoragePath: row.documentStoragePath,
    selfieStoragePath: row.selfieStoragePath,
  };
}

/**
 * The contract's `responseDoubleChecks` as every audience sees it: the registry's outcomes plus
 * `inputSources`, where the double-check took dni, gender and trámite from ("request", "entity" or
 * "document", the DNI card read from documentImage).
 */
export function responseDoubleChecksOf(row: FaceMatchVerification): JsonObject | null {
  const sources = row.details?.renaperInputSources;
  if (!row.responseDoubleChecks) return null;
  const outcomes = row.responseDoubleChecks as unknown as JsonObject;
  return sources ? { ...outcomes, inputSources: sources } : outcomes;
}
