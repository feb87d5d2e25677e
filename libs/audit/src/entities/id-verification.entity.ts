import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { JsonObject } from './column-types';
import type { StorageProviderName } from './face-match-verification.entity';

export const ID_VERIFICATION_STATUSES = ['approved', 'declined', 'failed'] as const;
export type IdVerificationStatus = (typeof ID_VERIFICATION_STATUSES)[number];

/**
 * One authenticated call of `POST /api/kyc/id-verification`, whatever its outcome. The data read
 * from the card is personal (DNI, trámite, CUIL, names): it is kept only sealed with the biometric
 * keyring (`extractedDataSealed`), never in clear columns, `details` or logs.
 */
@Entity({ name: 'id_verifications' })
export class IdVerification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId!: string | null;

  @Column({ type: 'text' })
  status!: IdVerificationStatus;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ name: 'vendor_data', type: 'text', nullable: true })
  vendorData!: string | null;

  @Column({ name: 'minimum_age', type: 'integer', nullable: true })
  minimumAge!: number | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'triggered_by_user_id', type: 'uuid' })
  triggeredByUserId!: string;

  @Column({ name: 'document_front_storage_path', type: 'text', nullable: true })
  documentFrontStoragePath!: string | null;

  @Column({ name: 'document_back_storage_path', type: 'text', nullable: true })
  documentBackStoragePath!: string | null;

  @Column({ name: 'storage_provider', type: 'text' })
  storageProvider!: StorageProviderName;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  warnings!: string[];

  /** The extracted card data as sealed JSON; null when nothing was read or after erasure. */
  @Column({ name: 'extracted_data_sealed', type: 'bytea', nullable: true })
  extractedDataSealed!: Buffer | null;

  /** How the card was read (layout, attempt, validation reason); never identity numbers. */
  @Column({ type: 'jsonb', nullable: true })
  details!: JsonObject | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
