import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook outbox: a delivery row is written in the same transaction as the change it
 * announces, so an event is never lost nor sent for a change that rolled back; the worker sends it
 * and records every attempt. No secret is stored here: each attempt signs with the organization's
 * current secret.
 */
export class CreateWebhookDeliveries1763942400000 implements MigrationInterface {
  name = 'CreateWebhookDeliveries1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        event text NOT NULL,
        url text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CONSTRAINT ck_webhook_delivery_status CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The worker's start-up sweep looks for pending deliveries that are due.
    await queryRunner.query(`CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX ix_webhook_deliveries_organization ON webhook_deliveries (organization_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE webhook_attempts (
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL CONSTRAINT ck_webhook_attempt_number CHECK (attempt >= 1),
        attempted_at timestamptz NOT NULL,
        http_status integer,
        error text,
        duration_ms integer NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_attempts`);
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
  }
}
