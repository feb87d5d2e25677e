import { JsonObject } from '@app/audit';

/**
 * The decision as it leaves the service (API responses and webhook bodies): `decision.document`
 * gains `extractedData`, what the DNI barcode said, opened from the validation's sealed column.
 * The stored decision (and the webhook outbox) never holds it, so erasure and key rotation have
 * one copy to handle. Decisions without a `document` step are returned as they are.
 */
export function withExtractedData(decision: JsonObject | null, extractedData: object | null): JsonObject | null {
  const document = decision?.document;
  if (!decision || typeof document !== 'object' || document === null || Array.isArray(document)) return decision;
  return { ...decision, document: { ...(document as JsonObject), extractedData } };
}
