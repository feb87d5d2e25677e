import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  FaceTemplateRecord,
  JsonObject,
  KycValidation,
  KycValidationStatus,
  lockEntityBiometrics,
  NewFaceTemplate,
  WebhookDeliveryRepository,
} from '@app/audit';
import { isUuid } from '@app/core';
import { KycValidationChange, recordValidationEvent } from './kyc-session.repository';
import { canTransition } from './session-transitions';

/** The decided statuses of a session (an admin resolves `in_review` later). */
export type SessionDecisionStatus = Extract<KycValidationStatus, 'approved' | 'rejected' | 'in_review'>;

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

/**
 * The decision that closes a session (status, `decision`, the selfie's sealed template and the
 * webhook event, in one transaction), and the hosted page's pending document written only while
 * the session is open. Both hold the entity's biometrics lock, so an erasure sees all or nothing.
 */
@Injectable()
export class SessionDecisionRepository {
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
      return { validation, webhookDeliveryId: await recordValidationEvent(this.webhooks, manager, validation, input.status) };
    });
  }

  /**
   * Runs `store` (the hosted page keeping a document photo until the selfie arrives) only while the
   * session is in progress and not expired at `now`, holding the entity's biometrics lock and a share
   * lock on the validation: an expiry, a cancel or an erasure waits for it, then finds the file and
   * deletes it. False (and `store` not run) when the session is not open any more.
   */
  whileOpen(organizationId: string, validationId: string, now: Date, store: () => Promise<void>): Promise<boolean> {
    if (!isUuid(validationId)) return Promise.resolve(false);
    return this.dataSource.transaction(async (manager) => {
      const owner = await manager.findOne(KycValidation, {
        select: { id: true, entityId: true },
        where: { id: validationId, organizationId },
      });
      if (!owner) return false;
      await lockEntityBiometrics(manager, owner.entityId, 'write');
      const open: unknown[] = await manager.query(
        `SELECT id FROM kyc_validations WHERE id = $1 AND status = 'in_progress' AND expires_at > $2 FOR SHARE`,
        [validationId, now],
      );
      if (open.length === 0) return false;
      await store();
      return true;
    });
  }
}
