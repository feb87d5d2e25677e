import { MigrationInterface, QueryRunner } from 'typeorm';

/** KYC subjects ("entities") of each organization. */
export class CreateEntities1763769720000 implements MigrationInterface {
  name = 'CreateEntities1763769720000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE entities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        type text NOT NULL CONSTRAINT ck_entities_type CHECK (type IN ('person')),
        external_id text,
        tax_id text,
        name text,
        person jsonb CONSTRAINT ck_entities_person_object CHECK (person IS NULL OR jsonb_typeof(person) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The repository maps these index names to the CONFLICT message, so keep them in sync.
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_entities_org_external_id ON entities (organization_id, external_id) WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX uq_entities_org_tax_id ON entities (organization_id, tax_id) WHERE tax_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX ix_entities_org_created_at ON entities (organization_id, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE entities`);
  }
}
