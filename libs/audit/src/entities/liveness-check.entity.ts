import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { JsonObject, numericTransformer } from './column-types';
import type { StorageProviderName } from './face-match-verification.entity';

export const LIVENESS_CHECK_STATUSES = ['approved', 'declined', 'in_review', 'failed'] as const;
export type LivenessCheckStatus = (typeof LIVENESS_CHECK_STATUSES)[number];

/** One authenticated call of `POST /api/kyc/liveness`, whatever its outcome. */
@Entity({ name: 'liveness_checks' })
export class LivenessCheck {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId!: string | null;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ type: 'text' })
  status!: LivenessCheckStatus;

  /** Null when the call failed or no face was found. */
  @Column({ type: 'boolean', nullable: true })
  live!: boolean | null;

  /** Passive liveness score 0..100; null when no face was scored. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numericTransformer })
  score!: number | null;

  /** The thresholds in force for this call (live at/above `threshold`, attack below `attackBelow`). */
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: numericTransformer })
  threshold!: number;

  @Column({ name: 'attack_below', type: 'numeric', precision: 5, scale: 2, transformer: numericTransformer })
  attackBelow!: number;

  @Column({ name: 'model_version', type: 'text', nullable: true })
  modelVersion!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  warnings!: string[];

  /** Analysis facts (face count, box, class probabilities, timings); never pixels or embeddings. */
  @Column({ type: 'jsonb', nullable: true })
  details!: JsonObject | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  /** Where the (encrypted) image is stored; null when none was kept or after erasure. */
  @Column({ name: 'image_storage_path', type: 'text', nullable: true })
  imageStoragePath!: string | null;

  @Column({ name: 'storage_provider', type: 'text' })
  storageProvider!: StorageProviderName;

  @Column({ name: 'triggered_by_user_id', type: 'uuid' })
  triggeredByUserId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
