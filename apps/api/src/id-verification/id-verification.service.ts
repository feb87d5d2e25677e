import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  EntityRecord,
  EntityRepository,
  IdVerification,
  IdVerificationFilters,
  IdVerificationRepository,
  KycSettingsRepository,
} from '@app/audit';
import { DomainError, ImageRejectedError } from '@app/core';
import { calendarDateOf, DniData, DniDocumentReader } from '@app/document';
import { FaceEngine } from '@app/face';
import { BiometricCipher, IMAGE_STORAGE, idVerificationImagePath, ImageStorage } from '@app/storage';
import { Principal } from '../auth/principal';
import { ParsedForm } from '../http/multipart-form';
import { validatePlain } from '../http/validation';
import { IdVerificationFormDto } from './id-verification.dto';
import { decideIdVerification } from './id-verification.rules';
import { readDniFront } from './read-dni-front';

export const ID_VERIFICATION_IMAGE_FIELDS = ['documentFront', 'documentBack'] as const;

export interface IdVerificationCall {
  principal: Principal;
  requestId: string;
  /** Reads the multipart body; called inside the service so a bad body is still audited. */
  readForm: () => Promise<ParsedForm>;
}

interface Attempt {
  id: string;
  entityId: string | null;
  vendorData: string | null;
  minimumAge: number | null;
}

/**
 * ID verification of the Argentine DNI: reads the front's PDF417, checks the data (validity,
 * expiry, age, the entity's data) and the portrait, and audits every call. Identity numbers are
 * sealed at rest and never logged.
 */
@Injectable()
export class IdVerificationService {
  private readonly logger = new Logger(IdVerificationService.name);

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
    const attempt: Attempt = { id: randomUUID(), entityId: null, vendorData: null, minimumAge: null };
    try {
      const settings = await this.settings.findForOrganization(organizationId);
      if (!settings.idVerificationEnabled) {
        throw new DomainError(
          'NOT_ENABLED',
          'The idVerification integration is disabled for this organization (see PATCH /api/organizations/current/kyc-settings)',
        );
      }
      const form = await call.readForm();
      const fields = validatePlain(IdVerificationFormDto, form.text);
      attempt.vendorData = fields.vendorData ?? null;
      attempt.minimumAge = fields.minimumAge ?? null;
      const entity = fields.entityId ? await this.resolveEntity(organizationId, fields.entityId) : null;
      attempt.entityId = entity?.id ?? null;
      const front = form.images.documentFront;
      if (!front) throw DomainError.invalid('documentFront is required (a file part or a base64 string)', { fields: ['documentFront'] });
      const back = form.images.documentBack ?? null;
      return await this.check(call, attempt, entity, front, back, now);
    } catch (error) {
      await this.recordFailure(call, attempt, error);
      throw error;
    }
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
    await this.checkImage('documentFront', front);
    if (back) await this.checkImage('documentBack', back);
    const [analysis, reading] = await Promise.all([this.analyzeFront(front), readDniFront(this.reader, front, 'documentFront')]);
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

  private async analyzeFront(front: Buffer) {
    try {
      return await this.engine.analyze(front);
    } catch (error) {
      if (error instanceof ImageRejectedError) throw error.forField('documentFront');
      throw error;
    }
  }

  private async checkImage(field: string, bytes: Buffer): Promise<void> {
    try {
      await this.engine.checkImage(bytes);
    } catch (error) {
      if (error instanceof ImageRejectedError) throw error.forField(field);
      throw error;
    }
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

  private async recordFailure(call: IdVerificationCall, attempt: Attempt, error: unknown): Promise<void> {
    const message = error instanceof DomainError ? error.message : 'The verification could not be completed (internal error)';
    try {
      await this.verifications.recordAttempt({
        ...this.baseRecord(call, attempt),
        id: randomUUID(),
        status: 'failed',
        warnings: [],
        errorMessage: message,
        details: { code: error instanceof DomainError ? error.code : 'VERIFICATION_FAILED' },
      });
    } catch (auditError) {
      this.logger.error(`request ${call.requestId}: could not record the failed ID verification: ${(auditError as Error).message}`);
    }
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
