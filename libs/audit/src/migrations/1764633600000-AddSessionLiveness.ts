import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hosted page's active liveness challenge and its anti-replay memory:
 * - on each validation, the open challenge (the SHA-256 of its nonce, never the nonce, its steps and
 *   expiry) and how many challenges were issued (the retry budget);
 * - per organization, the hashes of every decided selfie frame (SHA-256 of the bytes and a
 *   perceptual hash), to notice a frame sent again in another session. Hashes only, no images;
 *   erased with the entity's biometrics.
 * - the organization setting that allows an uploaded selfie instead of the live capture (off).
 */
export class AddSessionLiveness1764633600000 implements MigrationInterface {
  name = 'AddSessionLiveness1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE kyc_validations
        ADD COLUMN liveness_nonce_hash text,
        ADD COLUMN liveness_steps text[],
        ADD COLUMN liveness_nonce_expires_at timestamptz,
        ADD COLUMN liveness_attempts integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE organization_kyc_settings ADD COLUMN allow_selfie_upload boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE session_frame_hashes (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        entity_id uuid NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        kyc_validation_id uuid NOT NULL REFERENCES kyc_validations (id) ON DELETE CASCADE,
        sha256 text NOT NULL,
        perceptual_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_session_frame_hashes_org_sha256 ON session_frame_hashes (organization_id, sha256)`);
    await queryRunner.query(`CREATE INDEX ix_session_frame_hashes_org_phash ON session_frame_hashes (organization_id, perceptual_hash)`);
    await queryRunner.query(`CREATE INDEX ix_session_frame_hashes_org_entity ON session_frame_hashes (organization_id, entity_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE session_frame_hashes`);
    await queryRunner.query(`ALTER TABLE organization_kyc_settings DROP COLUMN allow_selfie_upload`);
    await queryRunner.query(`
      ALTER TABLE kyc_validations
        DROP COLUMN liveness_nonce_hash, DROP COLUMN liveness_steps,
        DROP COLUMN liveness_nonce_expires_at, DROP COLUMN liveness_attempts`);
  }
}
