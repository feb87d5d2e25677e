import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organization's allow-list of hosts a member key may point a validation's own webhookUrl at
 * (admins may use any). Empty by default: members use the organization's webhook only.
 */
export class AddWebhookAllowedHosts1764288000000 implements MigrationInterface {
  name = 'AddWebhookAllowedHosts1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organization_kyc_settings ADD COLUMN webhook_allowed_hosts text[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organization_kyc_settings DROP COLUMN webhook_allowed_hosts`);
  }
}
