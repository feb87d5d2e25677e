import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from './column-types';

/**
 * One row per organization, created with it. Secrets (`webhookSecret`, `renaperPassword`) are
 * stored here because the service needs them in clear to sign webhooks and call RENAPER; they never
 * leave through the API and are masked in the change log.
 */
@Entity({ name: 'organization_kyc_settings' })
export class OrganizationKycSettings {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'face_match_enabled', type: 'boolean', default: true })
  faceMatchEnabled!: boolean;

  @Column({ name: 'score_decline_threshold', type: 'numeric', precision: 5, scale: 2, default: 30, transformer: numericTransformer })
  scoreDeclineThreshold!: number;

  @Column({ name: 'kyc_validation_enabled', type: 'boolean', default: false })
  kycValidationEnabled!: boolean;

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl!: string | null;

  @Column({ name: 'webhook_secret', type: 'text', nullable: true })
  webhookSecret!: string | null;

  @Column({ name: 'session_ttl_hours', type: 'integer', default: 168 })
  sessionTtlHours!: number;

  /** The hosted page may offer an uploaded selfie instead of the live capture (always reviewed). */
  @Column({ name: 'allow_selfie_upload', type: 'boolean', default: false })
  allowSelfieUpload!: boolean;

  @Column({ name: 'renaper_data_enrichment_enabled', type: 'boolean', default: false })
  renaperDataEnrichmentEnabled!: boolean;

  @Column({ name: 'renaper_validate_dni_enrichment_enabled', type: 'boolean', default: false })
  renaperValidateDniEnrichmentEnabled!: boolean;

  @Column({ name: 'renaper_base_url', type: 'text', nullable: true })
  renaperBaseUrl!: string | null;

  @Column({ name: 'renaper_username', type: 'text', nullable: true })
  renaperUsername!: string | null;

  @Column({ name: 'renaper_password', type: 'text', nullable: true })
  renaperPassword!: string | null;

  /** The liveness integration (POST /api/kyc/liveness). */
  @Column({ name: 'liveness_enabled', type: 'boolean', default: false })
  livenessEnabled!: boolean;

  /** The Biometric Check's `checkLiveness` when a request does not say. */
  @Column({ name: 'liveness_biometric_check_default', type: 'boolean', default: false })
  livenessBiometricCheckDefault!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true })
  updatedByUserId!: string | null;
}
