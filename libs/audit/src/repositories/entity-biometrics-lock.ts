import { EntityManager } from 'typeorm';

/**
 * `write`: storing an entity's images or templates and the row that points at them (shared: the
 * entity's face matches run side by side). `erase`: reading what to erase, deleting it, clearing the
 * rows (alone: it waits for the writes in flight, and later writes wait for it).
 */
export type EntityBiometricsLockMode = 'write' | 'erase';

/**
 * Takes, inside `manager`'s transaction, the PostgreSQL advisory lock that orders an entity's
 * biometric writes against its erasure; released at commit or rollback. Without it an erasure that
 * read the image paths before a face match wrote its row would leave that match's files on disk
 * with nothing pointing at them. Every writer takes it before the files are stored, so the lock
 * covers "store files + write row". Taken before any row lock, in every caller, so two of them
 * never wait for each other the other way round.
 */
export async function lockEntityBiometrics(manager: EntityManager, entityId: string, mode: EntityBiometricsLockMode): Promise<void> {
  const lock = mode === 'erase' ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
  // One 64-bit key per entity; the prefix keeps this key space apart from any other advisory lock.
  await manager.query(`SELECT ${lock}(hashtextextended('entity-biometrics:' || $1::text, 0))`, [entityId]);
}
