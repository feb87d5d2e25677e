import { DataSource } from 'typeorm';

/**
 * Arbitrary but fixed key of the session-level advisory lock that serialises migration runs: the
 * API, the worker and the CLI may all start at once, and TypeORM itself does not lock.
 */
const MIGRATION_LOCK_KEY = 7_263_841_190;

/**
 * Runs the pending migrations of an initialised data source while holding the migration lock, and
 * returns the names of those it applied (empty when the schema was already current).
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}
