import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openMigratedDataSource, withDatabaseName } from '@app/audit';

/** The test server: every suite gets a database of its own on it, so runs never collide. */
const TEST_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of the suite's database, fully migrated. */
  url: string;
  /** Drops the database, closing any connection still open on it. */
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource({ type: 'postgres', url: serverUrl, extra: { max: 1 } });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A fresh database `kyc_test_<suite>_<random>` with every migration applied, on the shared test
 * server unless `serverUrl` names another (a suite's own cluster: test/support/own-postgres.ts).
 */
export async function createTestDatabase(suite: string, serverUrl = TEST_SERVER_URL): Promise<TestDatabase> {
  const slug = suite
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 30);
  const name = `kyc_test_${slug}_${randomBytes(4).toString('hex')}`;
  const url = withDatabaseName(serverUrl, name);
  // Creates the database (it is missing) and migrates it, exactly as the CLI and the app do.
  const { dataSource } = await openMigratedDataSource(url);
  await dataSource.destroy();
  return {
    url,
    drop: () => onServer(serverUrl, (server) => server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
