import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JsonObject } from './column-types';

export const KYC_VALIDATION_STATUSES = [
  'pending',
  'in_progress',
  'in_review',
  'approved',
  'rejected',
  'expired',
  'abandoned',
  'cancelled',
] as const;
export type KycValidationStatus = (typeof KYC_VALIDATION_STATUSES)[number];

export const DEFAULT_KYC_INTEGRATION_CODE = 'global_gueno_validation_kyc';

/**
 * One session-based KYC validation of an entity. The session token that opens the hosted capture
 * page is stored only as its SHA-256 (`sessionTokenHash`); its plaintext leaves once, inside the
 * link returned at creation. At most one validation per entity is current.
 */
@Entity({ name: 'kyc_validations' })
export class KycValidation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId!: string;

  @Column({ name: 'integration_code', type: 'text', default: DEFAULT_KYC_INTEGRATION_CODE })
  integrationCode!: string;

  @Column({ type: 'text' })
  provider!: string;

  /** The provider's session id (not a secret; the token is). */
  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @Column({ name: 'session_token_hash', type: 'text', select: false })
  sessionTokenHash!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: KycValidationStatus;

  @Column({ name: 'is_current', type: 'boolean', default: true })
  isCurrent!: boolean;

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata!: JsonObject | null;

  @Column({ name: 'omit_warnings', type: 'text', array: true, default: () => "'{}'" })
  omitWarnings!: string[];

  @Column({ name: 'callback_url', type: 'text', nullable: true })
  callbackUrl!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  decision!: JsonObject | null;

  /**
   * The DNI barcode read at the document step (a `DniReading`: DNI, trámite, CUIL, names), sealed
   * with the biometric keyring; never in `decision`. Null when no document was read, once the
   * session closed without a decision, and after erasure.
   */
  @Column({ name: 'document_reading_sealed', type: 'bytea', nullable: true })
  documentReadingSealed!: Buffer | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_activity_at', type: 'timestamptz', nullable: true })
  lastActivityAt!: Date | null;

  @Column({ name: 'resolved_by_user_id', type: 'uuid', nullable: true })
  resolvedByUserId!: string | null;

  @Column({ name: 'resolution_reason', type: 'text', nullable: true })
  resolutionReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
