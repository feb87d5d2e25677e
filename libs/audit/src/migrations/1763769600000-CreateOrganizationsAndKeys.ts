import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizations, the users and service accounts acting for them, and their hashed API keys. */
export class CreateOrganizationsAndKeys1763769600000 implements MigrationInterface {
  name = 'CreateOrganizationsAndKeys1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // gen_random_uuid() is built in from PostgreSQL 13; older servers need pgcrypto.
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'gen_random_uuid') THEN
          CREATE EXTENSION IF NOT EXISTS pgcrypto;
        END IF;
      END $$`);

    await queryRunner.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CONSTRAINT ck_organizations_name_not_blank CHECK (btrim(name) <> ''),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text,
        kind text NOT NULL CONSTRAINT ck_users_kind CHECK (kind IN ('user', 'service_account')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE organization_members (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CONSTRAINT ck_organization_members_role CHECK (role IN ('admin', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      )`);
    // Authentication reads a user's memberships on every request.
    await queryRunner.query(`CREATE INDEX ix_organization_members_user ON organization_members (user_id)`);

    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text,
        key_prefix text NOT NULL,
        key_hash text NOT NULL CONSTRAINT uq_api_keys_key_hash UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX ix_api_keys_user ON api_keys (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_keys`);
    await queryRunner.query(`DROP TABLE organization_members`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE organizations`);
  }
}
