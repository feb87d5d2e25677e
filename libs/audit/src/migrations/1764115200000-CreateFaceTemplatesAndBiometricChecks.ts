import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The biometric data of decided KYC validation sessions (sealed face templates, looked up by
 * entity) and the audit trail of `POST /api/kyc/biometric` (one row per authenticated call).
 */
export class CreateFaceTemplatesAndBiometricChecks1764115200000 implements MigrationInterface {
  name = 'CreateFaceTemplatesAndBiometricChecks1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Templates go with their validation; erasure deletes them explicitly (DELETE .../biometrics).
    await queryRunner.query(`
      CREATE TABLE face_templates (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        kyc_validation_id uuid NOT NULL REFERENCES kyc_validations (id) ON DELETE CASCADE,
        template bytea NOT NULL,
        model_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_face_templates_org_entity ON face_templates (organization_id, entity_id)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_face_templates_validation ON face_templates (kyc_validation_id)`);

    await queryRunner.query(`
      CREATE TABLE biometric_checks (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        entity_id uuid REFERENCES entities (id) ON DELETE SET NULL,
        request_id text NOT NULL,
        status text NOT NULL CONSTRAINT ck_biometric_check_status CHECK (status IN ('approved', 'declined', 'failed')),
        match boolean,
        total_matches integer,
        approved_matches_count integer,
        templates_compared integer,
        matched_kyc_validation_ids uuid[] NOT NULL DEFAULT '{}',
        warnings text[] NOT NULL DEFAULT '{}',
        error_message text,
        triggered_by_user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_biometric_checks_org_created_at ON biometric_checks (organization_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_biometric_checks_org_entity ON biometric_checks (organization_id, entity_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE biometric_checks`);
    await queryRunner.query(`DROP TABLE face_templates`);
  }
}
