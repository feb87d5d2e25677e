import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { KYC_VALIDATION_EVENTS } from '@app/core';
import { FaceTemplateRecord, JsonObject, KycValidation, KycValidationStatus, StorageProviderName } from '../entities';
import { toKycValidationEventPayload } from '../kyc-validations/kyc-validation-event-payload';
import { canTransition } from '../kyc-validations/kyc-validation-transitions';
import { KycValidationChange } from './kyc-validation.repository';
import { lockEntityBiometrics } from './entity-biometrics-lock';
import { isUuid } from './query-errors';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

/** The decided statuses of a session (an admin resolves `in_review` later). */
export type SessionDecisionStatus = Extract<KycValidationStatus, 'approved' | 'rejected' | 'in_review'>;

export interface NewFaceTemplate {
  id: string;
  organizationId: string;
  entityId: string;
  kycValidationId: string;
  /** Already sealed: this repository never sees a plaintext template. */
  template: Buffer;
  modelVersion: string;
}

export interface SessionDecisionInput {
  id: string;
  organizationId: string;
  status: SessionDecisionStatus;
  decision: JsonObject;
  /** The selfie's sealed template; null when the selfie had no face. */
  template: Omit<NewFaceTemplate, 'organizationId' | 'entityId' | 'kycValidationId'> | null;
  /** The sealed DNI barcode reading, when the decision read the document itself (none was kept at the document step). */
  documentReadingSealed?: Buffer;
}

/** An enrolled template without its (sealed) bytes: what changes between two checks is only the status. */
export interface EnrolledTemplateRef {
  templateId: string;
  kycValidationId: string;
  sessionId: string;
  status: KycValidationStatus;
  modelVersion: string;
}

/** A validation of the entity whose session images are stored (their kinds, under kycValidationImagePath). */
export interface StoredSessionImages {
  kycValidationId: string;
  kinds: string[];
  /** The provider the decision recorded (`decision.storage.provider`): the images are read and erased there. */
  storageProvider: StorageProviderName;
}

/** Decisions written before S3 existed name `local`; anything unknown is read as `local` too. */
const providerOf = (value: string | null): StorageProviderName => (value === 's3' ? 's3' : 'local');

/**
 * The biometric data of session-based validations: the decision that closes a session (status,
 * `decision`, the selfie's sealed template and the webhook event, in one transaction), the lookup of
 * an entity's templates for the Biometric Check, and their erasure.
 */
@Injectable()
export class SessionBiometricsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookDeliveryRepository,
  ) {}

  /**
   * Decides a session in progress: takes the entity's biometrics lock (so an erasure sees the images
   * and the decision, or neither) and locks the validation, runs `whileLocked` (the caller stores the
   * images there, so two concurrent submissions cannot overwrite each other's files), then writes
   * the status, the decision, the template and the `kyc.validation_<status>` event together.
   * Null (and `whileLocked` not run) when the validation is not in progress any more.
   */
  recordDecision(input: SessionDecisionInput, whileLocked: () => Promise<void>): Promise<KycValidationChange | null> {
    if (!isUuid(input.id)) return Promise.resolve(null);
    return this.dataSource.transaction(async (manager) => {
      // The entity's biometrics lock before the row lock (the order every caller keeps).
      const owner = await manager.findOne(KycValidation, {
        select: { id: true, entityId: true },
        where: { id: input.id, organizationId: input.organizationId },
      });
      if (!owner) return null;
      await lockEntityBiometrics(manager, owner.entityId, 'write');
      const current = await manager.findOne(KycValidation, {
        where: { id: input.id, organizationId: input.organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current || current.status !== 'in_progress' || !canTransition(current.status, input.status)) return null;
      await whileLocked();
      if (input.template) {
        await manager.insert(FaceTemplateRecord, {
          ...input.template,
          organizationId: current.organizationId,
          entityId: current.entityId,
          kycValidationId: current.id,
        });
      }
      await manager.update(KycValidation, { id: current.id }, {
        status: input.status,
        decision: input.decision,
        ...(input.documentReadingSealed && { documentReadingSealed: input.documentReadingSealed }),
      } as QueryDeepPartialEntity<KycValidation>);
      const validation = await manager.findOneByOrFail(KycValidation, { id: current.id });
      return { validation, webhookDeliveryId: await this.recordEvent(manager, validation, input.status) };
    });
  }

  /**
   * Runs `store` (the hosted page keeping a document photo until the selfie arrives) only while the
   * session is in progress and not expired, holding the entity's biometrics lock and a share lock on
   * the validation: an expiry, a cancel or an erasure waits for it, then finds the file and deletes
   * it. False (and `store` not run) when the session is not open any more.
   */
  whileOpen(organizationId: string, validationId: string, store: () => Promise<void>): Promise<boolean> {
    if (!isUuid(validationId)) return Promise.resolve(false);
    return this.dataSource.transaction(async (manager) => {
      const owner = await manager.findOne(KycValidation, {
        select: { id: true, entityId: true },
        where: { id: validationId, organizationId },
      });
      if (!owner) return false;
      await lockEntityBiometrics(manager, owner.entityId, 'write');
      const open: unknown[] = await manager.query(
        `SELECT id FROM kyc_validations WHERE id = $1 AND status = 'in_progress' AND expires_at > now() FOR SHARE`,
        [validationId],
      );
      if (open.length === 0) return false;
      await store();
      return true;
    });
  }

  /**
   * The entity's templates with their validations' current status and session id, without the
   * template bytes: cheap enough for every check, while the opened templates can be cached.
   */
  async findEnrolledForEntity(organizationId: string, entityId: string): Promise<EnrolledTemplateRef[]> {
    if (!isUuid(entityId)) return [];
    const rows = await this.dataSource.query<
      Array<{ id: string; kyc_validation_id: string; session_id: string; status: KycValidationStatus; model_version: string }>
    >(
      `SELECT t.id, t.kyc_validation_id, v.session_id, v.status, t.model_version
         FROM face_templates t
         JOIN kyc_validations v ON v.id = t.kyc_validation_id
        WHERE t.organization_id = $1 AND t.entity_id = $2
        ORDER BY t.created_at, t.id`,
      [organizationId, entityId],
    );
    return rows.map((row) => ({
      templateId: row.id,
      kycValidationId: row.kyc_validation_id,
      sessionId: row.session_id,
      status: row.status,
      modelVersion: row.model_version,
    }));
  }

  /** The sealed bytes of these templates, by template id (one query). */
  async findSealedTemplates(organizationId: string, templateIds: string[]): Promise<Map<string, Buffer>> {
    if (templateIds.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; template: Buffer }>>(
      'SELECT id, template FROM face_templates WHERE organization_id = $1 AND id = ANY($2::uuid[])',
      [organizationId, templateIds],
    );
    return new Map(rows.map((row) => [row.id, row.template]));
  }

  /** Bulk enrolment (benchmarks and fixtures): one multi-row INSERT per call. */
  async insertTemplates(templates: NewFaceTemplate[]): Promise<void> {
    if (templates.length === 0) return;
    await this.dataSource.createQueryBuilder().insert().into(FaceTemplateRecord).values(templates).execute();
  }

  /** The entity's validations whose decision says images are stored (the `storage.images` kinds). */
  async findSessionImagesForEntity(
    organizationId: string,
    entityId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredSessionImages[]> {
    if (!isUuid(entityId)) return [];
    const rows = await manager.query<Array<{ id: string; kinds: string[] | null; provider: string | null }>>(
      `SELECT id, ARRAY(SELECT jsonb_array_elements_text(decision->'storage'->'images')) AS kinds, decision->'storage'->>'provider' AS provider
         FROM kyc_validations
        WHERE organization_id = $1 AND entity_id = $2 AND jsonb_typeof(decision->'storage'->'images') = 'array'
        ORDER BY id`,
      [organizationId, entityId],
    );
    return rows.map((row) => ({ kycValidationId: row.id, kinds: row.kinds ?? [], storageProvider: providerOf(row.provider) }));
  }

  /** Ids of every validation of the entity (a session may hold a pending document the decision never recorded). */
  async findValidationIdsForEntity(
    organizationId: string,
    entityId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    if (!isUuid(entityId)) return [];
    const rows = await manager.query<Array<{ id: string }>>(
      'SELECT id FROM kyc_validations WHERE organization_id = $1 AND entity_id = $2',
      [organizationId, entityId],
    );
    return rows.map((row) => row.id);
  }

  /** A page of validations whose images are stored, in id order, for `storage:reencrypt`. */
  async findSessionImagesAfter(afterId: string | null, limit: number): Promise<Array<StoredSessionImages & { organizationId: string }>> {
    const rows = await this.dataSource.query<
      Array<{ id: string; organization_id: string; kinds: string[] | null; provider: string | null }>
    >(
      `SELECT id, organization_id, ARRAY(SELECT jsonb_array_elements_text(decision->'storage'->'images')) AS kinds, decision->'storage'->>'provider' AS provider
         FROM kyc_validations
        WHERE jsonb_typeof(decision->'storage'->'images') = 'array' AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((row) => ({
      kycValidationId: row.id,
      organizationId: row.organization_id,
      kinds: row.kinds ?? [],
      storageProvider: providerOf(row.provider),
    }));
  }

  /** A page of sealed templates in id order, for `storage:reencrypt`. */
  async findSealedTemplatesAfter(afterId: string | null, limit: number): Promise<Array<{ id: string; template: Buffer }>> {
    return this.dataSource.query('SELECT id, template FROM face_templates WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2', [
      afterId,
      limit,
    ]);
  }

  /** Replaces a template's sealed bytes (the same template under another key). */
  async replaceSealedTemplate(id: string, template: Buffer): Promise<void> {
    await this.dataSource.query('UPDATE face_templates SET template = $2 WHERE id = $1', [id, template]);
  }

  /**
   * Right to erasure: deletes the entity's templates and removes the `storage` marker from its
   * validations' decisions (recording when), in one transaction. The validations themselves and
   * their decided status stay. Returns what had something to erase (0 the second time).
   */
  eraseForEntity(organizationId: string, entityId: string, outer?: EntityManager): Promise<{ templates: number; validations: number }> {
    if (!isUuid(entityId)) return Promise.resolve({ templates: 0, validations: 0 });
    const inTransaction = <T>(work: (manager: EntityManager) => Promise<T>) => (outer ? work(outer) : this.dataSource.transaction(work));
    return inTransaction(async (manager) => {
      const templates = await manager.delete(FaceTemplateRecord, { organizationId, entityId });
      // The anti-replay hashes of the entity's selfie frames go with its biometrics.
      await manager.query('DELETE FROM session_frame_hashes WHERE organization_id = $1 AND entity_id = $2', [organizationId, entityId]);
      const updated: [unknown, number] = await manager.query(
        `UPDATE kyc_validations
            SET decision = (decision - 'storage') || jsonb_build_object('biometricsErasedAt', now())
          WHERE organization_id = $1 AND entity_id = $2 AND decision ? 'storage'`,
        [organizationId, entityId],
      );
      return { templates: templates.affected ?? 0, validations: updated[1] };
    });
  }

  private recordEvent(manager: EntityManager, validation: KycValidation, status: SessionDecisionStatus): Promise<string | null> {
    return this.webhooks.recordEvent(manager, {
      organizationId: validation.organizationId,
      event: KYC_VALIDATION_EVENTS[status],
      url: validation.webhookUrl,
      payload: toKycValidationEventPayload(validation),
    });
  }
}
