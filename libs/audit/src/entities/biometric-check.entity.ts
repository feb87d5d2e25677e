import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from './column-types';

export const BIOMETRIC_CHECK_STATUSES = ['approved', 'declined', 'failed'] as const;
export type BiometricCheckStatus = (typeof BIOMETRIC_CHECK_STATUSES)[number];

/** One authenticated call of `POST /api/kyc/biometric`, whatever its outcome. */
@Entity({ name: 'biometric_checks' })
export class BiometricCheck {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  /** Null when the call failed before the entity was resolved. */
  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId!: string | null;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ type: 'text' })
  status!: BiometricCheckStatus;

  @Column({ type: 'boolean', nullable: true })
  match!: boolean | null;

  @Column({ name: 'total_matches', type: 'integer', nullable: true })
  totalMatches!: number | null;

  @Column({ name: 'approved_matches_count', type: 'integer', nullable: true })
  approvedMatchesCount!: number | null;

  /** Templates compared (the entity's enrolled sessions). */
  @Column({ name: 'templates_compared', type: 'integer', nullable: true })
  templatesCompared!: number | null;

  @Column({ name: 'matched_kyc_validation_ids', type: 'uuid', array: true, default: () => "'{}'" })
  matchedKycValidationIds!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  warnings!: string[];

  /** Whether the probe's passive liveness was checked (`checkLiveness`). */
  @Column({ name: 'check_liveness', type: 'boolean', default: false })
  checkLiveness!: boolean;

  /** The probe's passive liveness score 0..100 when it was checked and a face was found. */
  @Column({ name: 'liveness_score', type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numericTransformer })
  livenessScore!: number | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'triggered_by_user_id', type: 'uuid' })
  triggeredByUserId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
