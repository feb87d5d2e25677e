import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { JsonObject, numericTransformer } from './column-types';

export const FACE_MATCH_STATUSES = ['approved', 'declined', 'in_review', 'failed'] as const;
export type FaceMatchStatus = (typeof FACE_MATCH_STATUSES)[number];

export const STORAGE_PROVIDERS = ['local', 's3'] as const;
export type StorageProviderName = (typeof STORAGE_PROVIDERS)[number];

/** The contract's `responseDoubleChecks`: outcomes only, never names or addresses. */
export type ResponseDoubleChecks = {
  renaper?: {
    status: 'match' | 'no_match' | 'not_found' | 'pending' | 'error';
    tramiteMatches: boolean | null;
    dniValid: boolean | null;
    deceased: boolean | null;
    checkedAt: string;
  };
  renaperBiometric?: {
    status: 'match' | 'no_match' | 'pending' | 'error';
    score: number | null;
    transactionControlNumber: string | null;
    polls: number;
    checkedAt: string;
  };
};

/** One authenticated call of `POST /api/kyc/face-match`, whatever its outcome. */
@Entity({ name: 'face_match_verifications' })
export class FaceMatchVerification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId!: string | null;

  @Column({ type: 'text' })
  status!: FaceMatchStatus;

  @Column({ type: 'boolean', nullable: true })
  match!: boolean | null;

  /** Calibrated similarity 0..100; null when a face is missing or the call failed. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numericTransformer })
  score!: number | null;

  /** The threshold this call used (the organization's, or the per-call override). */
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: numericTransformer })
  threshold!: number;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ name: 'vendor_data', type: 'text', nullable: true })
  vendorData!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'triggered_by_user_id', type: 'uuid' })
  triggeredByUserId!: string;

  @Column({ name: 'document_storage_path', type: 'text', nullable: true })
  documentStoragePath!: string | null;

  @Column({ name: 'selfie_storage_path', type: 'text', nullable: true })
  selfieStoragePath!: string | null;

  @Column({ name: 'storage_provider', type: 'text' })
  storageProvider!: StorageProviderName;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  warnings!: string[];

  @Column({ name: 'double_check_renaper', type: 'boolean', default: false })
  doubleCheckRenaper!: boolean;

  @Column({ name: 'response_double_checks', type: 'jsonb', nullable: true })
  responseDoubleChecks!: ResponseDoubleChecks | null;

  /** Internal analysis facts (model version, cosine, face counts, boxes, timings); never embeddings or pixels. */
  @Column({ type: 'jsonb', nullable: true })
  details!: JsonObject | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
