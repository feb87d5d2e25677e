import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { JsonObject } from './column-types';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One webhook event for one organization (the transactional outbox): written in the same
 * transaction as the change it announces, then sent by the worker. The id is the `X-Webhook-Id`
 * the receiver sees on every attempt.
 */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDelivery {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text' })
  event!: string;

  /** The organization's webhook URL when the event happened. */
  @Column({ type: 'text' })
  url!: string;

  /** The event's `payload`: contract fields only, never images, embeddings or DNI numbers. */
  @Column({ type: 'jsonb' })
  payload!: JsonObject;

  @Column({ type: 'text', default: 'pending' })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the next attempt is due (null once delivered or failed); the worker's recovery sweep reads it. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** Also the event time: the body's `timestamp` (stable across retries). */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
