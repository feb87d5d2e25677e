import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session-based KYC validations. Statuses only move forward (the service's rule table, and every
 * update is conditional on the current status). The session token is stored hashed. One current
 * validation per entity, guarded by a partial unique index.
 */
export class CreateKycValidations1764028800000 implements MigrationInterface {
  name = 'CreateKycValidations1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kyc_validations (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        entity_id uuid NOT NULL REFERENCES entities (id),
        integration_code text NOT NULL DEFAULT 'global_gueno_validation_kyc',
        provider text NOT NULL,
        session_id uuid NOT NULL,
        session_token_hash text NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CONSTRAINT ck_kyc_validation_status CHECK (status IN ('pending', 'in_progress', 'in_review', 'approved', 'rejected', 'expired', 'abandoned', 'cancelled')),
        is_current boolean NOT NULL DEFAULT true,
        webhook_url text,
        metadata jsonb,
        omit_warnings text[] NOT NULL DEFAULT '{}',
        callback_url text,
        decision jsonb,
        expires_at timestamptz NOT NULL,
        last_activity_at timestamptz,
        resolved_by_user_id uuid REFERENCES users (id),
        resolution_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_kyc_validations_session_token ON kyc_validations (session_token_hash)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_kyc_validations_session_id ON kyc_validations (session_id)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_kyc_validations_current ON kyc_validations (organization_id, entity_id) WHERE is_current`,
    );
    await queryRunner.query(`CREATE INDEX ix_kyc_validations_entity ON kyc_validations (organization_id, entity_id, created_at DESC)`);
    // The worker's sweep: open sessions by expiry, sessions in progress by last activity.
    await queryRunner.query(
      `CREATE INDEX ix_kyc_validations_open_expiry ON kyc_validations (expires_at) WHERE status IN ('pending', 'in_progress')`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_kyc_validations_in_progress_activity ON kyc_validations (last_activity_at) WHERE status = 'in_progress'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kyc_validations`);
  }
}
