import { Injectable } from '@nestjs/common';
import { EntityRecord, EntityRepository } from '@app/audit';
import { DomainError } from '@app/core';
import { CreateEntityDto, UpdateEntityDto } from './entity.dto';

@Injectable()
export class EntitiesService {
  constructor(private readonly entities: EntityRepository) {}

  create(organizationId: string, input: CreateEntityDto): Promise<EntityRecord> {
    return this.entities.create(organizationId, input);
  }

  list(organizationId: string, filters: { externalId?: string; taxId?: string }, limit: number, offset: number) {
    return this.entities.list(organizationId, filters, limit, offset);
  }

  async findOne(organizationId: string, id: string): Promise<EntityRecord> {
    const entity = await this.entities.findForOrganization(organizationId, id);
    if (!entity) throw DomainError.notFound(`Entity ${id}`);
    return entity;
  }

  async update(organizationId: string, id: string, patch: UpdateEntityDto): Promise<EntityRecord> {
    if (Object.keys(patch).length === 0) throw DomainError.invalid('Nothing to change: send at least one field');
    const updated = await this.entities.update(organizationId, id, patch);
    if (!updated) throw DomainError.notFound(`Entity ${id}`);
    return updated;
  }
}
