import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const RENAPER_CHECK_STEPS = ['data', 'submit', 'poll', 'done'] as const;
export type RenaperCheckStep = (typeof RENAPER_CHECK_STEPS)[number];

/** The registry's answer to the data check, reduced to what the contract may return. */
export interface RenaperDataOutcome {
  status: 'match' | 'no_match' | 'not_found' | 'pending' | 'error';
  /** The registry's reason, e.g. "data_mismatch", "not_valid", "deceased"; never names or addresses. */
  reason: string | null;
  tramiteMatches: boolean | null;
  dniValid: boolean | null;
  deceased: boolean | null;
  checkedAt: string;
}

export interface RenaperBiometricOutcome {
  status: 'match' | 'no_match' | 'pending' | 'error';
  score: number | null;
  checkedAt: string;
}

/** Progress of one RENAPER double-check; one row per face-match verification that asked for it. */
@Entity({ name: 'renaper_checks' })
export class RenaperCheck {
  @PrimaryColumn({ name: 'verification_id', type: 'uuid' })
  verificationId!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text' })
  dni!: string;

  @Column({ type: 'text' })
  sexo!: 'M' | 'F' | 'X';

  @Column({ type: 'text' })
  tramite!: string;

  @Column({ type: 'text', default: 'data' })
  step!: RenaperCheckStep;

  @Column({ name: 'transaction_control_number', type: 'text', nullable: true })
  transactionControlNumber!: string | null;

  @Column({ type: 'integer', default: 0 })
  polls!: number;

  /** Consecutive transient failures of the current step (reset by any progress). */
  @Column({ name: 'transient_failures', type: 'integer', default: 0 })
  transientFailures!: number;

  @Column({ name: 'data_outcome', type: 'jsonb', nullable: true })
  dataOutcome!: RenaperDataOutcome | null;

  @Column({ name: 'biometric_outcome', type: 'jsonb', nullable: true })
  biometricOutcome!: RenaperBiometricOutcome | null;

  @Column({ name: 'deadline_at', type: 'timestamptz' })
  deadlineAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
