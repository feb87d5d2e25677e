import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-organization rate limit and monthly verification quota (null = the deployment default / no quota). */
export class AddOrganizationLimits1764201600000 implements MigrationInterface {
  name = 'AddOrganizationLimits1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE organization_kyc_settings
        ADD COLUMN rate_limit_requests_per_minute integer
          CONSTRAINT ck_kyc_settings_rate_limit CHECK (rate_limit_requests_per_minute > 0),
        ADD COLUMN monthly_verification_quota integer
          CONSTRAINT ck_kyc_settings_monthly_quota CHECK (monthly_verification_quota >= 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE organization_kyc_settings
        DROP COLUMN monthly_verification_quota,
        DROP COLUMN rate_limit_requests_per_minute`);
  }
}
