import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail of `POST /api/kyc/id-verification` (one row per authenticated call) and its
 * integration switch. The extracted identity data (DNI, trámite, CUIL, names, dates) is stored
 * sealed (AES-256-GCM envelope of the storage keyring), never as clear columns.
 */
export class CreateIdVerifications1764460800000 implements MigrationInterface {
  name = 'CreateIdVerifications1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organization_kyc_settings ADD COLUMN id_verification_enabled boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE id_verifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        entity_id uuid REFERENCES entities (id) ON DELETE SET NULL,
        status text NOT NULL CONSTRAINT ck_id_verification_status CHECK (status IN ('approved', 'declined', 'failed')),
        request_id text NOT NULL,
        vendor_data text,
        minimum_age integer,
        error_message text,
        triggered_by_user_id uuid NOT NULL REFERENCES users (id),
        document_front_storage_path text,
        document_back_storage_path text,
        storage_provider text NOT NULL CONSTRAINT ck_id_verification_storage_provider CHECK (storage_provider IN ('local', 's3')),
        warnings text[] NOT NULL DEFAULT '{}',
        extracted_data_sealed bytea,
        details jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_id_verification_org_created_at ON id_verifications (organization_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_id_verification_org_entity ON id_verifications (organization_id, entity_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE id_verifications`);
    await queryRunner.query(`ALTER TABLE organization_kyc_settings DROP COLUMN id_verification_enabled`);
  }
}
