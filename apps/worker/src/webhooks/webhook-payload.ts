import { Injectable } from '@nestjs/common';
import { JsonObject, SessionDocumentRepository, WebhookDelivery } from '@app/audit';
import { withExtractedData } from '@app/session';
import { KYC_VALIDATION_EVENTS } from '@app/core';
import { DniReading, extractedDataOf } from '@app/document';
import { BiometricCipher } from '@app/storage';

const VALIDATION_EVENTS: readonly string[] = Object.values(KYC_VALIDATION_EVENTS);

/**
 * The payload an outbox row is sent with. A validation event's decision shows what the DNI barcode
 * said (`decision.document.extractedData`), opened at send time from the validation's sealed
 * reading: the outbox keeps no DNI, trámite or CUIL in clear, and a delivery retried after the
 * entity's erasure sends null instead of data that no longer exists.
 */
@Injectable()
export class WebhookPayloads {
  constructor(
    private readonly documents: SessionDocumentRepository,
    private readonly cipher: BiometricCipher,
  ) {}

  async complete(delivery: Pick<WebhookDelivery, 'event' | 'organizationId' | 'payload'>): Promise<JsonObject> {
    const { payload } = delivery;
    const decision = payload.decision as JsonObject | null | undefined;
    if (!VALIDATION_EVENTS.includes(delivery.event) || !decision || typeof payload.id !== 'string') return payload;
    const sealed = await this.documents.findSealed(delivery.organizationId, payload.id);
    const extractedData = extractedDataOf(sealed ? this.cipher.openJson<DniReading>(sealed) : null);
    return { ...payload, decision: withExtractedData(decision, extractedData) };
  }
}
