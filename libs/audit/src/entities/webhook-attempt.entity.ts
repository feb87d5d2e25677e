import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One POST of a webhook delivery and how the receiver answered (or why it could not). */
@Entity({ name: 'webhook_attempts' })
export class WebhookAttempt {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  /** 1 for the first POST of the delivery, then 2, 3, ... */
  @PrimaryColumn({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt!: Date;

  /** The receiver's HTTP status; null when no answer came (see `error`). */
  @Column({ name: 'http_status', type: 'integer', nullable: true })
  httpStatus!: number | null;

  /** Why no acceptable answer came (timeout, connection refused, ...); never the request or response body. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;
}
