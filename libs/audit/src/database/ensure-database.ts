import { DataSource } from 'typeorm';

/** PostgreSQL error codes this file reacts to. */
const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** The database named by a `postgres://` URL. */
export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database (expected postgres://user@host:port/<database>)');
  return name;
}

/** The same server and credentials, pointed at another database. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Runs `work` on a single short-lived connection. */
async function withConnection<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 1 }, logging: false });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Creates the database of `url` when it does not exist; returns true when it created it.
 * The target is tried first, so a server where the maintenance database `postgres` is off limits
 * still works when the database already exists. Two processes racing to create it both succeed.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  try {
    await withConnection(url, () => Promise.resolve(undefined));
    return false;
  } catch (error) {
    if (errorCode(error) !== INVALID_CATALOG_NAME) throw error;
  }
  return withConnection(withDatabaseName(url, 'postgres'), async (maintenance) => {
    try {
      await maintenance.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      // The loser of a race sees either "already exists" or a unique violation on pg_database.
      const code = errorCode(error);
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  });
}
