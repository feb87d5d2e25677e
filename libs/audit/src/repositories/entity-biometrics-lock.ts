import { QueryFailedError, EntityManager } from 'typeorm';
import { DomainError } from '@app/core';

/**
 * `write`: storing an entity's images or templates and the row that points at them (shared: the
 * entity's face matches run side by side). `erase`: reading what to erase, deleting it, clearing the
 * rows (alone: it waits for the writes in flight, and later writes wait for it).
 */
export type EntityBiometricsLockMode = 'write' | 'erase';

/**
 * How long a write waits for an erasure of its entity before it is refused. Writes hold the lock
 * only while storing two files and a row, so an erasure waits for them briefly; a write waiting
 * longer holds a pooled connection meanwhile, so it gives up and says why instead.
 */
export const ERASURE_WAIT_MS = 10_000;

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Takes, inside `manager`'s transaction, the PostgreSQL advisory lock that orders an entity's
 * biometric writes against its erasure; released at commit or rollback. Without it an erasure that
 * read the image paths before a face match wrote its row would leave that match's files on disk
 * with nothing pointing at them. Every writer takes it before the files are stored, so the lock
 * covers "store files + write row". Taken before any row lock, in every caller, so two of them
 * never wait for each other the other way round. A write still waiting after ERASURE_WAIT_MS is
 * refused with CONFLICT (and its transaction, which has stored nothing yet, rolls back).
 */
export async function lockEntityBiometrics(manager: EntityManager, entityId: string, mode: EntityBiometricsLockMode): Promise<void> {
  // One 64-bit key per entity; the prefix keeps this key space apart from any other advisory lock.
  const key = "hashtextextended('entity-biometrics:' || $1::text, 0)";
  if (mode === 'erase') {
    await manager.query(`SELECT pg_advisory_xact_lock(${key})`, [entityId]);
    return;
  }
  await manager.query(`SET LOCAL lock_timeout = ${ERASURE_WAIT_MS}`);
  try {
    await manager.query(`SELECT pg_advisory_xact_lock_shared(${key})`, [entityId]);
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { code?: unknown }).code === LOCK_NOT_AVAILABLE) {
      throw new DomainError('CONFLICT', `The biometric data of entity ${entityId} is being erased; retry once the erasure has finished`, {
        entityId,
      });
    }
    throw error;
  }
  await manager.query('SET LOCAL lock_timeout TO DEFAULT');
}
