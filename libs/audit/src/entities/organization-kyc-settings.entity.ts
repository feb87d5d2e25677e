import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from './column-types';

/**
 * One row per organization, created with it. Secrets (`webhookSecret`, `renaperPassword`) are
 * stored here sealed with the storage keyring (`kyce1:` + envelope; see SecretSealer) and opened
 * only where they are used (signing webhooks, calling RENAPER); they never leave through the API
 * and are masked in the change log.
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

  /** Sealed (`kyce1:…`); a value written before sealing existed is sealed at start-up. */
  @Column({ name: 'webhook_secret', type: 'text', nullable: true })
  webhookSecret!: string | null;

  /** Hosts a member key may send a validation's own `webhookUrl` to (admins may use any). */
  @Column({ name: 'webhook_allowed_hosts', type: 'text', array: true, default: () => "'{}'" })
  webhookAllowedHosts!: string[];

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

  /** Sealed like `webhookSecret`. */
  @Column({ name: 'renaper_password', type: 'text', nullable: true })
  renaperPassword!: string | null;

  /** API requests per minute per API key; null = the deployment's RATE_LIMIT_REQUESTS_PER_MINUTE. */
  @Column({ name: 'rate_limit_requests_per_minute', type: 'integer', nullable: true })
  rateLimitRequestsPerMinute!: number | null;

  /** Verifications per UTC calendar month (face match, biometric check, ...); null = no quota. */
  @Column({ name: 'monthly_verification_quota', type: 'integer', nullable: true })
  monthlyVerificationQuota!: number | null;

  /** The liveness integration (POST /api/kyc/liveness). */
  @Column({ name: 'liveness_enabled', type: 'boolean', default: false })
  livenessEnabled!: boolean;

  /** The Biometric Check's `checkLiveness` when a request does not say. */
  @Column({ name: 'liveness_biometric_check_default', type: 'boolean', default: false })
  livenessBiometricCheckDefault!: boolean;
  /** The hosted page refuses a document photo whose DNI barcode cannot be read (the person retakes it). */
  @Column({ name: 'require_readable_barcode', type: 'boolean', default: false })
  requireReadableBarcode!: boolean;

  /** The idVerification integration (POST /api/kyc/id-verification). */
  @Column({ name: 'id_verification_enabled', type: 'boolean', default: false })
  idVerificationEnabled!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true })
  updatedByUserId!: string | null;
}
