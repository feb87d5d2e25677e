import { DataSource, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { lockEntityBiometrics } from './entity-biometrics-lock';
import { isUuid } from '@app/core';

/** The columns every audited call's row has (face match, liveness, ID verification). */
interface AuditRow extends ObjectLiteral {
  id: string;
  organizationId: string;
  entityId: string | null;
  status: string;
}

export interface AuditRowFilters<Status extends string> {
  entityId?: string;
  status?: Status;
}

/**
 * Inserts the audit row of one call, successful or not, and reads it back (numeric columns come
 * back rounded as stored). `whileLocked` stores the call's images inside the row's transaction,
 * under the entity's biometrics lock when the call names an entity: an erasure of that entity finds
 * both the files and the row, or neither. A failed call stores nothing and takes no lock.
 */
export async function insertAuditRow<Row extends AuditRow>(
  dataSource: DataSource,
  target: EntityTarget<Row>,
  row: Row | Omit<Row, 'createdAt' | 'updatedAt'>,
  whileLocked?: () => Promise<void>,
): Promise<Row> {
  await dataSource.transaction(async (manager) => {
    if (row.entityId && whileLocked) await lockEntityBiometrics(manager, row.entityId, 'write');
    await whileLocked?.();
    // The cast is for TypeORM's insert type, which cannot express jsonb values typed `unknown`.
    await manager.getRepository(target).insert(row as QueryDeepPartialEntity<Row>);
  });
  return dataSource.getRepository(target).findOneByOrFail({ id: row.id } as FindOptionsWhere<Row>);
}

/** One row of the organization; null for another organization's row or a malformed id (a URL's). */
export function findAuditRow<Row extends AuditRow>(
  dataSource: DataSource,
  target: EntityTarget<Row>,
  organizationId: string,
  id: string,
): Promise<Row | null> {
  if (!isUuid(id)) return Promise.resolve(null);
  return dataSource.getRepository(target).findOneBy({ organizationId, id } as FindOptionsWhere<Row>);
}

/** A page of the organization's rows, newest first, with the total matching the filters. */
export async function listAuditRows<Row extends AuditRow>(
  dataSource: DataSource,
  target: EntityTarget<Row>,
  organizationId: string,
  filters: AuditRowFilters<string>,
  limit: number,
  offset: number,
): Promise<{ items: Row[]; total: number }> {
  if (filters.entityId !== undefined && !isUuid(filters.entityId)) return { items: [], total: 0 };
  const [items, total] = await dataSource.getRepository(target).findAndCount({
    where: {
      organizationId,
      ...(filters.entityId !== undefined && { entityId: filters.entityId }),
      ...(filters.status !== undefined && { status: filters.status }),
    } as FindOptionsWhere<Row>,
    order: { createdAt: 'DESC', id: 'DESC' } as never,
    take: limit,
    skip: offset,
  });
  return { items, total };
}
