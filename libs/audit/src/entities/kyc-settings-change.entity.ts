import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `{ "faceMatch.scoreDeclineThreshold": { old: 30, new: 45 } }`; secrets appear as "***" or null. */
export type KycSettingsChangeSet = Record<string, { old: unknown; new: unknown }>;

/** One PATCH of an organization's KYC settings: who, when, and every field that changed. Append-only. */
@Entity({ name: 'kyc_settings_changes' })
export class KycSettingsChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'changed_by_user_id', type: 'uuid' })
  changedByUserId!: string;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ type: 'jsonb' })
  changes!: KycSettingsChangeSet;
}
