import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  EntityRecord,
  EntityRepository,
  IdVerification,
  IdVerificationFilters,
  IdVerificationRepository,
  KycSettingsRepository,
} from '@app/audit';
import { DomainError, forImageField } from '@app/core';
import { calendarDateOf, DniData, DniDocumentReader } from '@app/document';
import { FaceEngine } from '@app/face';
import { BiometricCipher, IMAGE_STORAGE, idVerificationImagePath, ImageStorage } from '@app/storage';
import { AuditedAttempt, runAudited } from '../audit-trail/audited-attempt';
import { Parsed, valueOf } from '../audit-trail/parsed';
import { Principal } from '../auth/principal';
import { requireIntegration } from '../organizations/integrations';
import { IdVerificationFormDto } from './id-verification.dto';
import { decideIdVerification } from './id-verification.rules';
import { readDniFront } from './read-dni-front';

export const ID_VERIFICATION_IMAGE_FIELDS = ['documentFront', 'documentBack'] as const;

/** The multipart body, as the controller read it: the text fields validated, the images as bytes. */
export interface IdVerificationForm {
  fields: IdVerificationFormDto;
  images: Partial<Record<(typeof ID_VERIFICATION_IMAGE_FIELDS)[number], Buffer>>;
}

export interface IdVerificationCall {
  principal: Principal;
  requestId: string;
  /** The body as the controller read it; a body it could not read is still audited. */
  form: Parsed<IdVerificationForm>;
}

/** What the audit row of a call says, whatever happened. */
interface CallFacts {
  entityId: string | null;
  vendorData: string | null;
  minimumAge: number | null;
}

type Attempt = CallFacts & { id: string };

/**
 * ID verification of the Argentine DNI: reads the front's PDF417, checks the data (validity,
 * expiry, age, the entity's data) and the portrait, and audits every call. Identity numbers are
 * sealed at rest and never logged.
 */
@Injectable()
export class IdVerificationService {
  constructor(
    private readonly reader: DniDocumentReader,
    private readonly engine: FaceEngine,
    private readonly verifications: IdVerificationRepository,
    private readonly settings: KycSettingsRepository,
    private readonly entities: EntityRepository,
    private readonly cipher: BiometricCipher,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
  ) {}

  async verify(call: IdVerificationCall, now = new Date()): Promise<{ row: IdVerification; extractedData: DniData | null }> {
    const { organizationId } = call.principal;
    return runAudited(this.audited(call), async (learn) => {
      const settings = await this.settings.findForOrganization(organizationId);
      requireIntegration(settings, 'idVerification');
      const { fields, images } = valueOf(call.form);
      const asked = { vendorData: fields.vendorData ?? null, minimumAge: fields.minimumAge ?? null };
      learn(asked);
      const entity = fields.entityId ? await this.resolveEntity(organizationId, fields.entityId) : null;
      learn({ entityId: entity?.id ?? null });
      const front = images.documentFront;
      if (!front) throw DomainError.invalid('documentFront is required (a file part or a base64 string)', { fields: ['documentFront'] });
      const attempt = { id: randomUUID(), entityId: entity?.id ?? null, ...asked };
      return this.check(call, attempt, entity, front, images.documentBack ?? null, now);
    });
  }

  /** The failed row of a call: its facts so far, the error's code and message. */
  private audited(call: IdVerificationCall): AuditedAttempt<CallFacts> {
    return {
      requestId: call.requestId,
      what: 'verification',
      facts: { entityId: null, vendorData: null, minimumAge: null },
      recordFailure: (known, failure) =>
        this.verifications.recordAttempt({
          ...this.baseRecord(call, { id: randomUUID(), ...known }),
          status: 'failed',
          warnings: [],
          errorMessage: failure.message,
          details: { code: failure.code },
        }),
    };
  }

  private async check(
    call: IdVerificationCall,
    attempt: Attempt,
    entity: EntityRecord | null,
    front: Buffer,
    back: Buffer | null,
    now: Date,
  ) {
    // The header rules (format, size, megapixels) first, so no decoder sees an image we refuse.
    await forImageField('documentFront', this.engine.checkImage(front));
    if (back) await forImageField('documentBack', this.engine.checkImage(back));
    const [analysis, reading] = await Promise.all([
      forImageField('documentFront', this.engine.analyze(front)),
      readDniFront(this.reader, front, 'documentFront'),
    ]);
    const decision = decideIdVerification({
      reading,
      portraitFound: analysis.faces.length > 0,
      minimumAge: attempt.minimumAge,
      entity,
      today: calendarDateOf(now),
    });
    const { organizationId } = call.principal;
    const frontPath = idVerificationImagePath(organizationId, attempt.id, 'document-front');
    const backPath = back ? idVerificationImagePath(organizationId, attempt.id, 'document-back') : null;
    // Stored inside the row's transaction, under the entity's lock: an erasure sees both or neither.
    const storeImages = async () => {
      await this.storage.put(frontPath, front);
      if (back && backPath) await this.storage.put(backPath, back);
    };
    const row = await this.verifications.recordAttempt(
      {
        ...this.baseRecord(call, attempt),
        status: decision.status,
        warnings: decision.warnings,
        documentFrontStoragePath: frontPath,
        documentBackStoragePath: backPath,
        extractedDataSealed: decision.extractedData ? this.cipher.sealJson(decision.extractedData) : null,
        details: {
          barcode:
            reading.outcome === 'read'
              ? {
                  attempt: reading.attempt,
                  layout: reading.valid ? reading.layout : null,
                  invalidReason: reading.valid ? null : reading.reason,
                }
              : null,
          facesOnFront: analysis.faces.length,
          inconsistentFields: decision.inconsistentFields,
        },
      },
      storeImages,
    );
    return { row, extractedData: decision.extractedData };
  }

  private async resolveEntity(organizationId: string, entityId: string): Promise<EntityRecord> {
    const entity = await this.entities.findForOrganization(organizationId, entityId);
    if (!entity) throw DomainError.notFound(`Entity ${entityId}`);
    return entity;
  }

  private baseRecord(call: IdVerificationCall, attempt: Attempt) {
    return {
      id: attempt.id,
      organizationId: call.principal.organizationId,
      triggeredByUserId: call.principal.userId,
      requestId: call.requestId,
      entityId: attempt.entityId,
      vendorData: attempt.vendorData,
      minimumAge: attempt.minimumAge,
      storageProvider: this.storage.provider,
    };
  }

  async findOne(organizationId: string, id: string): Promise<{ row: IdVerification; extractedData: DniData | null }> {
    const row = await this.verifications.findForOrganization(organizationId, id);
    if (!row) throw DomainError.notFound(`ID verification ${id}`);
    return { row, extractedData: this.open(row) };
  }

  async list(organizationId: string, filters: IdVerificationFilters, limit: number, offset: number) {
    const page = await this.verifications.list(organizationId, filters, limit, offset);
    return { total: page.total, items: page.items.map((row) => ({ row, extractedData: this.open(row) })) };
  }

  async readImage(organizationId: string, id: string, which: 'front' | 'back'): Promise<Buffer> {
    const { row } = await this.findOne(organizationId, id);
    const path = which === 'front' ? row.documentFrontStoragePath : row.documentBackStoragePath;
    const bytes = path ? await this.storage.forProvider(row.storageProvider).get(path) : null;
    if (!bytes) throw DomainError.notFound(`The document ${which} image of ID verification ${id}`);
    return bytes;
  }

  private open(row: IdVerification): DniData | null {
    return row.extractedDataSealed ? this.cipher.openJson<DniData>(row.extractedDataSealed) : null;
  }
}
