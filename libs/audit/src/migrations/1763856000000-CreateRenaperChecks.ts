import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The progress of one RENAPER double-check, so the worker can resume it after a crash: which step
 * it is at, the registry's transaction number, how often it polled, and the outcomes so far. The
 * identity values live here (not in Redis): job payloads carry only the verification id.
 */
export class CreateRenaperChecks1763856000000 implements MigrationInterface {
  name = 'CreateRenaperChecks1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE renaper_checks (
        verification_id uuid PRIMARY KEY REFERENCES face_match_verifications (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        dni text NOT NULL CONSTRAINT ck_renaper_dni CHECK (dni ~ '^[0-9]{7,8}$'),
        sexo text NOT NULL CONSTRAINT ck_renaper_sexo CHECK (sexo IN ('M', 'F', 'X')),
        tramite text NOT NULL CONSTRAINT ck_renaper_tramite CHECK (tramite ~ '^[0-9]{1,11}$'),
        step text NOT NULL DEFAULT 'data'
          CONSTRAINT ck_renaper_step CHECK (step IN ('data', 'submit', 'poll', 'done')),
        transaction_control_number text,
        polls integer NOT NULL DEFAULT 0,
        -- consecutive transient failures (5xx, timeouts) of the current step, for the backoff
        transient_failures integer NOT NULL DEFAULT 0,
        data_outcome jsonb,
        biometric_outcome jsonb,
        deadline_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX ix_renaper_checks_open ON renaper_checks (deadline_at) WHERE step <> 'done'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE renaper_checks`);
  }
}
