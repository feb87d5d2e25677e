import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { isUuid, WEBHOOK_EVENTS } from '@app/core';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { FaceMatchVerification, RenaperBiometricOutcome, RenaperCheck, RenaperCheckStep, RenaperDataOutcome } from '../entities';
import { CompleteFaceMatchInput, RecordFaceMatchAttemptInput } from './face-match-verification.repository';
import { faceMatchVerificationFor } from '../contract/face-match-verification';
import { lockEntityBiometrics } from './entity-biometrics-lock';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

export interface RenaperIdentity {
  dni: string;
  sexo: 'M' | 'F' | 'X';
  tramite: string;
}

/** What a step of the worker may record; the row only moves forward. */
export interface RenaperCheckProgress {
  step?: RenaperCheckStep;
  transactionControlNumber?: string | null;
  polls?: number;
  transientFailures?: number;
  dataOutcome?: RenaperDataOutcome | null;
  biometricOutcome?: RenaperBiometricOutcome | null;
}

/** A double-check closed by `finish`, and the webhook delivery it queued in the same transaction (if any). */
export interface FinishedRenaperCheck {
  verification: FaceMatchVerification;
  /** Null when the organization has no webhook URL and secret; otherwise enqueue it after the commit. */
  webhookDeliveryId: string | null;
}

@Injectable()
export class RenaperCheckRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookDeliveryRepository,
  ) {}

  /**
   * Records the verification (in review while the registry answers) and its pending double-check
   * in one transaction, so the worker never finds one without the other. `whileLocked` stores the
   * images in that transaction, under the entity's biometrics lock (see `recordAttempt`).
   */
  async recordPending(
    verification: RecordFaceMatchAttemptInput & { id: string },
    identity: RenaperIdentity,
    deadlineAt: Date,
    whileLocked?: () => Promise<void>,
  ): Promise<FaceMatchVerification> {
    await this.dataSource.transaction(async (manager) => {
      if (verification.entityId) await lockEntityBiometrics(manager, verification.entityId, 'write');
      await whileLocked?.();
      const row = manager.create(FaceMatchVerification, { ...verification, status: 'in_review' });
      await manager.insert(FaceMatchVerification, row as QueryDeepPartialEntity<FaceMatchVerification>);
      await manager.insert(RenaperCheck, {
        verificationId: verification.id,
        organizationId: verification.organizationId,
        ...identity,
        deadlineAt,
      });
    });
    return this.dataSource.getRepository(FaceMatchVerification).findOneByOrFail({ id: verification.id });
  }

  async findByVerificationId(verificationId: string): Promise<RenaperCheck | null> {
    if (!isUuid(verificationId)) return null;
    return this.dataSource.getRepository(RenaperCheck).findOneBy({ verificationId });
  }

  /**
   * Checks not finished yet, nearest deadline first (the partial index on open checks): the
   * worker's recovery sweep makes sure each still has a job, since Redis may have lost it.
   */
  async findUnfinishedIds(limit: number): Promise<string[]> {
    const rows = await this.dataSource.getRepository(RenaperCheck).find({
      select: { verificationId: true },
      where: { step: Not('done') },
      order: { deadlineAt: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.verificationId);
  }

  /** Saves a step's progress unless the check is already done; returns whether it was saved. */
  async saveProgress(verificationId: string, progress: RenaperCheckProgress): Promise<boolean> {
    const result = await this.dataSource.getRepository(RenaperCheck).update({ verificationId, step: Not('done') }, progress);
    return (result.affected ?? 0) > 0;
  }

  /**
   * Closes a check whose job could not be enqueued (the API answered the caller with an error), so
   * the worker's recovery sweep, which resumes every unfinished check, never runs it later behind
   * the caller's back. Writes the verification's `outcome` in the same transaction; no event, since
   * the caller already has its answer. Does nothing to a check that is already done.
   */
  async abandon(verificationId: string, outcome: CompleteFaceMatchInput): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const closed = await manager.update(
        RenaperCheck,
        { verificationId, step: Not('done') },
        {
          step: 'done',
          completedAt: () => 'now()',
        },
      );
      if ((closed.affected ?? 0) === 0) return;
      const defined = Object.fromEntries(Object.entries(outcome).filter(([, value]) => value !== undefined));
      await manager.update(FaceMatchVerification, { id: verificationId }, defined);
    });
  }

  /**
   * Closes the check and writes the verification's outcome in one transaction, exactly once: a
   * repeated or resumed job finds the check done and writes nothing (returns null).
   *
   * The same transaction adds `kyc.face_match.updated` to the webhook outbox when the organization
   * has a webhook configured. It is sent for every finish, not only for those the API stopped
   * waiting for: the worker cannot know whether the API's answer reached the caller, and a
   * duplicate final state is harmless where a missing one is not.
   */
  async finish(
    verificationId: string,
    progress: RenaperCheckProgress,
    outcome: CompleteFaceMatchInput,
  ): Promise<FinishedRenaperCheck | null> {
    return this.dataSource.transaction(async (manager) => {
      const closed = await manager.update(
        RenaperCheck,
        { verificationId, step: Not('done') },
        {
          ...progress,
          step: 'done',
          completedAt: () => 'now()',
        },
      );
      if ((closed.affected ?? 0) === 0) return null;
      const defined = Object.fromEntries(Object.entries(outcome).filter(([, value]) => value !== undefined));
      await manager.update(FaceMatchVerification, { id: verificationId }, defined);
      const verification = await manager.findOneByOrFail(FaceMatchVerification, { id: verificationId });
      const webhookDeliveryId = await this.webhooks.recordEvent(manager, {
        organizationId: verification.organizationId,
        event: WEBHOOK_EVENTS.faceMatchUpdated,
        payload: { ...faceMatchVerificationFor(verification, 'webhook') },
      });
      return { verification, webhookDeliveryId };
    });
  }
}
