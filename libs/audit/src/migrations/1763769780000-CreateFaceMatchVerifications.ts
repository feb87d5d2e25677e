import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail of `POST /api/kyc/face-match`: one row per authenticated call. */
export class CreateFaceMatchVerifications1763769780000 implements MigrationInterface {
  name = 'CreateFaceMatchVerifications1763769780000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // entity_id is SET NULL on delete: the audit row outlives the subject it was about.
    await queryRunner.query(`
      CREATE TABLE face_match_verifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        entity_id uuid REFERENCES entities (id) ON DELETE SET NULL,
        status text NOT NULL
          CONSTRAINT ck_face_match_status CHECK (status IN ('approved', 'declined', 'in_review', 'failed')),
        match boolean,
        score numeric(5,2) CONSTRAINT ck_face_match_score CHECK (score BETWEEN 0 AND 100),
        threshold numeric(5,2) NOT NULL CONSTRAINT ck_face_match_threshold CHECK (threshold BETWEEN 0 AND 100),
        request_id text NOT NULL,
        vendor_data text,
        error_message text,
        triggered_by_user_id uuid NOT NULL REFERENCES users (id),
        document_storage_path text,
        selfie_storage_path text,
        storage_provider text NOT NULL CONSTRAINT ck_face_match_storage_provider CHECK (storage_provider IN ('local', 's3')),
        warnings text[] NOT NULL DEFAULT '{}',
        double_check_renaper boolean NOT NULL DEFAULT false,
        response_double_checks jsonb,
        details jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_face_match_org_created_at ON face_match_verifications (organization_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_face_match_org_entity ON face_match_verifications (organization_id, entity_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE face_match_verifications`);
  }
}
