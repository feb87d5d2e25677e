import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUuid } from '@app/core';
import type { WebhookEvent } from '@app/core';
import { JsonObject, OrganizationKycSettings, WebhookAttempt, WebhookDelivery } from '../entities';

export interface WebhookEventInput {
  organizationId: string;
  event: WebhookEvent;
  payload: JsonObject;
  /** Where this event goes instead of the organization's webhook URL (a validation's own `webhookUrl`). */
  url?: string | null;
}

/** How one POST ended: `retry` keeps the delivery pending until `nextAttemptAt`. */
export type WebhookAttemptOutcome = { kind: 'delivered' } | { kind: 'retry'; nextAttemptAt: Date } | { kind: 'failed' };

export interface WebhookAttemptInput {
  attemptedAt: Date;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  outcome: WebhookAttemptOutcome;
}

@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds an event to the outbox inside the caller's transaction (`manager`), when there is a URL
   * (the event's own, else the organization's) and the organization has a secret at this moment;
   * returns the delivery id, or null when there is nowhere to send it. The caller enqueues the
   * delivery after its commit.
   */
  async recordEvent(manager: EntityManager, input: WebhookEventInput): Promise<string | null> {
    const settings = await manager.findOneBy(OrganizationKycSettings, { organizationId: input.organizationId });
    const url = input.url || settings?.webhookUrl;
    if (!url || !settings?.webhookSecret) return null;
    const id = randomUUID();
    await manager.insert(WebhookDelivery, {
      id,
      organizationId: input.organizationId,
      event: input.event,
      url,
      payload: input.payload,
      nextAttemptAt: () => 'now()',
    } as QueryDeepPartialEntity<WebhookDelivery>);
    return id;
  }

  findById(id: string): Promise<WebhookDelivery | null> {
    return isUuid(id) ? this.dataSource.getRepository(WebhookDelivery).findOneBy({ id }) : Promise.resolve(null);
  }

  /**
   * Records one attempt and moves the delivery forward in one transaction. Only a pending delivery
   * moves (a duplicate run of a finished delivery records nothing); returns the attempt number, or
   * null when the delivery was no longer pending.
   */
  recordAttempt(deliveryId: string, input: WebhookAttemptInput): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const { outcome } = input;
      const status = outcome.kind === 'retry' ? 'pending' : outcome.kind;
      const updated = await manager
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({
          attempts: () => 'attempts + 1',
          lastAttemptAt: input.attemptedAt,
          status,
          deliveredAt: outcome.kind === 'delivered' ? input.attemptedAt : null,
          nextAttemptAt: outcome.kind === 'retry' ? outcome.nextAttemptAt : null,
        })
        .where('id = :deliveryId AND status = :pending', { deliveryId, pending: 'pending' })
        .returning('attempts')
        .execute();
      const rows = updated.raw as Array<{ attempts: number }>;
      if (rows.length === 0) return null;
      const attempt = rows[0].attempts;
      await manager.insert(WebhookAttempt, {
        deliveryId,
        attempt,
        attemptedAt: input.attemptedAt,
        httpStatus: input.httpStatus,
        error: input.error,
        durationMs: input.durationMs,
      });
      return attempt;
    });
  }

  /** Pending deliveries whose next attempt is due, oldest first (to re-enqueue those whose job was lost). */
  async findDueIds(limit: number): Promise<string[]> {
    const rows = await this.dataSource.getRepository(WebhookDelivery).find({
      select: { id: true },
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(new Date()) },
      order: { nextAttemptAt: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }
}
