import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ENTITY_TYPES = ['person'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export type PersonGender = 'M' | 'F' | 'X';

/** What the organization told us about a person; every field optional. */
export type PersonData = {
  firstName?: string;
  lastName?: string;
  idNumber?: string;
  gender?: PersonGender;
  /** ISO date, `YYYY-MM-DD`. */
  dateOfBirth?: string;
};

/**
 * A KYC subject of an organization (the contract's "entity"). Named `EntityRecord` because
 * `Entity` is TypeORM's decorator.
 */
@Entity({ name: 'entities' })
export class EntityRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text' })
  type!: EntityType;

  /** The organization's own id for the subject; unique inside the organization. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  /** CUIL/CUIT or another tax id; unique inside the organization. */
  @Column({ name: 'tax_id', type: 'text', nullable: true })
  taxId!: string | null;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  person!: PersonData | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
