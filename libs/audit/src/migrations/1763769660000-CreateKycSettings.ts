import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-organization KYC settings and the append-only log of their changes. */
export class CreateKycSettings1763769660000 implements MigrationInterface {
  name = 'CreateKycSettings1763769660000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // face_match_enabled defaults to TRUE so a freshly created self-hosted organization works out of the box.
    await queryRunner.query(`
      CREATE TABLE organization_kyc_settings (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
        face_match_enabled boolean NOT NULL DEFAULT true,
        score_decline_threshold numeric(5,2) NOT NULL DEFAULT 30
          CONSTRAINT ck_kyc_settings_threshold CHECK (score_decline_threshold BETWEEN 0 AND 100),
        kyc_validation_enabled boolean NOT NULL DEFAULT false,
        webhook_url text,
        webhook_secret text,
        session_ttl_hours integer NOT NULL DEFAULT 168
          CONSTRAINT ck_kyc_settings_session_ttl CHECK (session_ttl_hours > 0),
        renaper_data_enrichment_enabled boolean NOT NULL DEFAULT false,
        renaper_validate_dni_enrichment_enabled boolean NOT NULL DEFAULT false,
        renaper_base_url text,
        renaper_username text,
        renaper_password text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE kyc_settings_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        changed_by_user_id uuid NOT NULL REFERENCES users (id),
        -- clock_timestamp(), not now(): the moment the change was applied (after the row lock), so
        -- concurrent changes sort in the order they really happened.
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        changes jsonb NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_kyc_settings_changes_org_changed_at ON kyc_settings_changes (organization_id, changed_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kyc_settings_changes`);
    await queryRunner.query(`DROP TABLE organization_kyc_settings`);
  }
}
