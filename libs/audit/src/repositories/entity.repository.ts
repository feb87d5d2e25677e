import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@app/core';
import { EntityRecord, EntityType, PersonData } from '../entities';
import { rethrowUniqueViolation } from './query-errors';

export interface CreateEntityInput {
  type: EntityType;
  externalId?: string | null;
  taxId?: string | null;
  name?: string | null;
  person?: PersonData | null;
}

/** A person field set to null is removed; an absent one is kept. */
export type PersonPatch = { [K in keyof PersonData]?: PersonData[K] | null };

/** Absent fields stay; `person` is merged field by field (`person: null` clears it). */
export interface UpdateEntityInput {
  externalId?: string | null;
  taxId?: string | null;
  name?: string | null;
  person?: PersonPatch | null;
}

export interface EntityFilters {
  externalId?: string;
  taxId?: string;
}

/** Unique index name (see CreateEntities migration) → the contract field it protects. */
const UNIQUE_FIELDS = { uq_entities_org_external_id: 'externalId', uq_entities_org_tax_id: 'taxId' };

function mergePerson(current: PersonData | null, patch: PersonPatch | null): PersonData | null {
  if (patch === null) return null;
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

@Injectable()
export class EntityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** CONFLICT when `externalId` or `taxId` is already used in the organization. */
  async create(organizationId: string, input: CreateEntityInput): Promise<EntityRecord> {
    const repository = this.dataSource.getRepository(EntityRecord);
    const entity = repository.create({
      organizationId,
      type: input.type,
      externalId: input.externalId ?? null,
      taxId: input.taxId ?? null,
      name: input.name ?? null,
      person: input.person ?? null,
    });
    try {
      return await repository.save(entity);
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_FIELDS);
    }
  }

  /** Null when the entity does not exist or belongs to another organization. */
  async findForOrganization(organizationId: string, id: string): Promise<EntityRecord | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(EntityRecord).findOneBy({ organizationId, id });
  }

  async findByExternalId(organizationId: string, externalId: string): Promise<EntityRecord | null> {
    return this.dataSource.getRepository(EntityRecord).findOneBy({ organizationId, externalId });
  }

  /** A page of the organization's entities, newest first, with the total matching the filters. */
  async list(
    organizationId: string,
    filters: EntityFilters,
    limit: number,
    offset: number,
  ): Promise<{ items: EntityRecord[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(EntityRecord).findAndCount({
      where: {
        organizationId,
        ...(filters.externalId !== undefined && { externalId: filters.externalId }),
        ...(filters.taxId !== undefined && { taxId: filters.taxId }),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  /** The updated entity; null when it is not one of the organization's. CONFLICT as in `create`. */
  async update(organizationId: string, id: string, patch: UpdateEntityInput): Promise<EntityRecord | null> {
    if (!isUuid(id)) return null;
    try {
      return await this.dataSource.transaction((manager) => this.updateLocked(manager, organizationId, id, patch));
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_FIELDS);
    }
  }

  private async updateLocked(
    manager: EntityManager,
    organizationId: string,
    id: string,
    patch: UpdateEntityInput,
  ): Promise<EntityRecord | null> {
    // Locked so that two concurrent person merges do not lose each other's fields.
    const current = await manager.findOne(EntityRecord, { where: { organizationId, id }, lock: { mode: 'pessimistic_write' } });
    if (!current) return null;
    const changes: Partial<EntityRecord> = {};
    if (patch.externalId !== undefined) changes.externalId = patch.externalId;
    if (patch.taxId !== undefined) changes.taxId = patch.taxId;
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.person !== undefined) changes.person = mergePerson(current.person, patch.person);
    if (Object.keys(changes).length === 0) return current;
    await manager.update(EntityRecord, { id }, changes);
    return manager.findOneByOrFail(EntityRecord, { id });
  }
}
