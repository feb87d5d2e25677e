import { DataSource, DataSourceOptions } from 'typeorm';
import { createDataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { runMigrations } from './migrate';

export interface OpenedDataSource {
  dataSource: DataSource;
  /** True when the database did not exist and was created. */
  createdDatabase: boolean;
  /** Names of the migrations applied while opening. */
  appliedMigrations: string[];
}

/**
 * Creates the database when missing, connects, and (when `migrationsRun` is set) runs the pending
 * migrations under the migration lock. `migrationsRun` is honoured here rather than by TypeORM's
 * `initialize()`, which would run them without the lock.
 */
export async function openDataSource(options: DataSourceOptions): Promise<OpenedDataSource> {
  if (options.type !== 'postgres' || !options.url) {
    throw new Error('The audit database must be PostgreSQL, given by URL');
  }
  const createdDatabase = await ensureDatabase(options.url);
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  await dataSource.initialize();
  try {
    const appliedMigrations = options.migrationsRun ? await runMigrations(dataSource) : [];
    return { dataSource, createdDatabase, appliedMigrations };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** Opens the audit database of `url`, creating it and applying every pending migration. */
export function openMigratedDataSource(url: string): Promise<OpenedDataSource> {
  return openDataSource({ ...createDataSourceOptions(url), migrationsRun: true });
}
