import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail of `POST /api/kyc/liveness` (one row per authenticated call, its image stored
 * encrypted at `image_storage_path` until erased), and what the Biometric Check's `checkLiveness`
 * adds to its own rows; the organization's `liveness` settings (the integration switch and the
 * Biometric Check's `checkLiveness` default).
 */
export class CreateLivenessChecks1764547200000 implements MigrationInterface {
  name = 'CreateLivenessChecks1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE liveness_checks (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        entity_id uuid REFERENCES entities (id) ON DELETE SET NULL,
        request_id text NOT NULL,
        status text NOT NULL CONSTRAINT ck_liveness_check_status CHECK (status IN ('approved', 'declined', 'in_review', 'failed')),
        live boolean,
        score numeric(5, 2),
        threshold numeric(5, 2) NOT NULL,
        attack_below numeric(5, 2) NOT NULL,
        model_version text,
        warnings text[] NOT NULL DEFAULT '{}',
        details jsonb,
        error_message text,
        image_storage_path text,
        storage_provider text NOT NULL,
        triggered_by_user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_liveness_checks_org_created_at ON liveness_checks (organization_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_liveness_checks_org_entity ON liveness_checks (organization_id, entity_id)`);
    await queryRunner.query(`ALTER TABLE organization_kyc_settings ADD COLUMN liveness_enabled boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE organization_kyc_settings ADD COLUMN liveness_biometric_check_default boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE biometric_checks ADD COLUMN check_liveness boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE biometric_checks ADD COLUMN liveness_score numeric(5, 2)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE biometric_checks DROP COLUMN liveness_score`);
    await queryRunner.query(`ALTER TABLE biometric_checks DROP COLUMN check_liveness`);
    await queryRunner.query(`ALTER TABLE organization_kyc_settings DROP COLUMN liveness_biometric_check_default`);
    await queryRunner.query(`ALTER TABLE organization_kyc_settings DROP COLUMN liveness_enabled`);
    await queryRunner.query(`DROP TABLE liveness_checks`);
  }
}
