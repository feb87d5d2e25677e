import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The DNI barcode read at the hosted page's document step:
 * - on each validation, what the barcode said (DNI, trámite, CUIL, names, dates), sealed with the
 *   biometric keyring like `id_verifications.extracted_data_sealed`; never in clear, erased with the
 *   entity's biometrics;
 * - the organization setting that refuses a document photo whose barcode cannot be read (off).
 */
export class AddSessionDocumentReading1765065600000 implements MigrationInterface {
  name = 'AddSessionDocumentReading1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE kyc_validations ADD COLUMN document_reading_sealed bytea`);
    await queryRunner.query(`ALTER TABLE organization_kyc_settings ADD COLUMN require_readable_barcode boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organization_kyc_settings DROP COLUMN require_readable_barcode`);
    await queryRunner.query(`ALTER TABLE kyc_validations DROP COLUMN document_reading_sealed`);
  }
}
