import { randomUUID } from 'node:crypto';
import { EntityRecord } from '@app/audit';
import { DomainError } from '@app/core';

/** The entity repository's contract in memory: rows per organization, externalId unique in one. */
export class FakeEntityRepository {
  readonly rows: EntityRecord[] = [];

  create(organizationId: string, input: Partial<EntityRecord>): Promise<EntityRecord> {
    if (input.externalId && this.rows.some((r) => r.organizationId === organizationId && r.externalId === input.externalId)) {
      return Promise.reject(new DomainError('CONFLICT', 'externalId already exists in this organization', { field: 'externalId' }));
    }
    const now = new Date('2025-05-01T10:00:00Z');
    const row = Object.assign(new EntityRecord(), {
      id: randomUUID(),
      organizationId,
      type: input.type,
      externalId: input.externalId ?? null,
      taxId: input.taxId ?? null,
      name: input.name ?? null,
      person: input.person ?? null,
      createdAt: now,
      updatedAt: now,
    });
    this.rows.push(row);
    return Promise.resolve(row);
  }

  findForOrganization(organizationId: string, id: string): Promise<EntityRecord | null> {
    return Promise.resolve(this.rows.find((r) => r.organizationId === organizationId && r.id === id) ?? null);
  }

  list(organizationId: string, filters: { externalId?: string; taxId?: string }, limit: number, offset: number) {
    const mine = this.rows.filter(
      (r) =>
        r.organizationId === organizationId &&
        (filters.externalId === undefined || r.externalId === filters.externalId) &&
        (filters.taxId === undefined || r.taxId === filters.taxId),
    );
    return Promise.resolve({ items: mine.slice(offset, offset + limit), total: mine.length });
  }

  async update(organizationId: string, id: string, patch: Partial<EntityRecord>): Promise<EntityRecord | null> {
    const row = await this.findForOrganization(organizationId, id);
    return row ? Object.assign(row, patch) : null;
  }
}
