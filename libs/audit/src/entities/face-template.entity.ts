import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The biometric data of a decided KYC validation session: the selfie's face template (one
 * embedding per embedder) as JSON sealed in the biometric envelope (AES-256-GCM), never plaintext.
 * The Biometric Check compares a new face with these.
 */
@Entity({ name: 'face_templates' })
export class FaceTemplateRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId!: string;

  @Column({ name: 'kyc_validation_id', type: 'uuid' })
  kycValidationId!: string;

  /** The sealed `FaceTemplate` JSON (see BiometricCipher.sealJson). */
  @Column({ type: 'bytea' })
  template!: Buffer;

  /** The face engine's combination key of the embedders that made the template. */
  @Column({ name: 'model_version', type: 'text' })
  modelVersion!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
