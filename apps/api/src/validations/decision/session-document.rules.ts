import type { DniReading } from '@app/document';
import type { DniCardCheck, DniCardWarning } from '../../id-verification/dni-card.rules';

/** Why the document step refused a photo for its barcode: the warning code the decision would have recorded. */
export interface BarcodeRefusal {
  reason: Extract<DniCardWarning, 'BARCODE_NOT_DETECTED' | 'BARCODE_VALIDATION_FAILED'>;
  message: string;
}

/**
 * The document step with `documentReading.requireReadableBarcode`: a photo whose PDF417 cannot be
 * found, or is not a valid DNI barcode, is refused so the person can take another before the selfie.
 * Without the setting every photo goes on (the decision records the warning). Pure.
 */
export function barcodeRefusal(reading: DniReading, requireReadableBarcode: boolean): BarcodeRefusal | null {
  if (!requireReadableBarcode) return null;
  if (reading.outcome === 'not-detected') {
    return {
      reason: 'BARCODE_NOT_DETECTED',
      message: 'the barcode of the DNI could not be read: take another photo of the front, whole, in focus and without glare',
    };
  }
  if (!reading.valid) {
    return {
      reason: 'BARCODE_VALIDATION_FAILED',
      message: 'the barcode read is not the one of an Argentine DNI front: take a photo of the front of your DNI',
    };
  }
  return null;
}

/**
 * Card warnings that keep a session whose faces match from being approved: a person reviews it. A
 * card that contradicts the entity is a sign of fraud; an expired card is not valid identification
 * (the reviewer may know of a renewal in progress).
 */
export const DOCUMENT_REVIEW_WARNINGS: readonly DniCardWarning[] = ['DATA_INCONSISTENT', 'DOCUMENT_EXPIRED'];

/**
 * The review warnings a session's `omitWarnings` may silence: accepting an expired card is the
 * organization's policy to make (some products do); a contradiction with the entity never is.
 */
export const OMITTABLE_DOCUMENT_WARNINGS: readonly DniCardWarning[] = ['DOCUMENT_EXPIRED'];

/**
 * What the decision keeps of the card at its document step: the warnings, which entity fields
 * disagree (names only) and how the barcode read. Never the card's data: that stays sealed on the
 * validation and is added as `extractedData` when the decision is shown.
 */
export function describeCard(reading: DniReading, check: DniCardCheck) {
  return {
    warnings: check.warnings,
    inconsistentFields: check.inconsistentFields,
    barcode: {
      detected: reading.outcome === 'read',
      valid: reading.outcome === 'read' && reading.valid,
      layout: reading.outcome === 'read' && reading.valid ? reading.layout : null,
      invalidReason: reading.outcome === 'read' && !reading.valid ? reading.reason : null,
    },
  };
}
