import { Injectable } from '@nestjs/common';
import { EntityRepository, KycSettingsRepository, KycValidation, SessionDocumentRepository } from '@app/audit';
import { DomainError } from '@app/core';
import { calendarDateOf, DniData, DniDocumentReader, DniReading, extractedDataOf } from '@app/document';
import { BiometricCipher } from '@app/storage';
import { checkDniCard, DniCardCheck } from '../../id-verification/dni-card.rules';
import { readDniFront } from '../../id-verification/read-dni-front';
import { barcodeRefusal } from './session-document.rules';

/** The card as the decision sees it: the reading and its check against the entity. */
export interface SessionCardCheck {
  reading: DniReading;
  check: DniCardCheck;
  /** Sealed for the validation when it was read only now (no reading was kept at the document step). */
  newlySealed: Buffer | null;
}

/**
 * The DNI front of a session: read at the hosted page's document step (refused there when the
 * organization requires a readable barcode), kept sealed on the validation, checked against the
 * entity by the decision (the rule is `checkDniCard`, shared with ID verification), and opened
 * again only to show the decision. The card's data is never logged, never in `decision` and never
 * in Redis.
 */
@Injectable()
export class SessionDocumentService {
  constructor(
    private readonly reader: DniDocumentReader,
    private readonly documents: SessionDocumentRepository,
    private readonly entities: EntityRepository,
    private readonly settings: KycSettingsRepository,
    private readonly cipher: BiometricCipher,
  ) {}

  /**
   * The document step's reading of the photo in `field`. INVALID_REQUEST with `details.reason`
   * (BARCODE_NOT_DETECTED or BARCODE_VALIDATION_FAILED) when the organization requires a readable
   * barcode and this photo has none: nothing is kept and the person sends another.
   */
  async readAtDocumentStep(validation: KycValidation, bytes: Buffer, field: string): Promise<DniReading> {
    const reading = await readDniFront(this.reader, bytes, field);
    const { requireReadableBarcode } = await this.settings.findForOrganization(validation.organizationId);
    const refusal = barcodeRefusal(reading, requireReadableBarcode);
    if (refusal) throw DomainError.invalid(`${field}: ${refusal.message}`, { field, reason: refusal.reason });
    return reading;
  }

  /** Keeps the reading sealed on the session once its photo is kept (nothing when the session closed meanwhile). */
  async keep(validation: KycValidation, reading: DniReading): Promise<void> {
    await this.documents.recordReading(validation.organizationId, validation.id, this.cipher.sealJson(reading));
  }

  /**
   * For the decision: the reading kept at the document step (or, for a photo sent before readings
   * were kept, this photo read now), checked against the entity's person data and taxId on the
   * session clock's day (`now`), so expiry and age follow the same clock as the session.
   */
  async checkForDecision(
    validation: KycValidation,
    document: { bytes: Buffer; field: string; portraitFound: boolean },
    now: Date,
  ): Promise<SessionCardCheck> {
    const kept = this.open(validation);
    const reading = kept ?? (await readDniFront(this.reader, document.bytes, document.field));
    const { portraitFound } = document;
    const entity = await this.entities.findForOrganization(validation.organizationId, validation.entityId);
    const check = checkDniCard({ reading, portraitFound, minimumAge: null, entity, today: calendarDateOf(now) });
    return { reading, check, newlySealed: kept ? null : this.cipher.sealJson(reading) };
  }

  /** What the barcode said, for showing the decision; null when nothing valid was read, or after erasure. */
  extractedData(validation: KycValidation): DniData | null {
    return extractedDataOf(this.open(validation));
  }

  private open(validation: KycValidation): DniReading | null {
    return validation.documentReadingSealed ? this.cipher.openJson<DniReading>(validation.documentReadingSealed) : null;
  }
}
