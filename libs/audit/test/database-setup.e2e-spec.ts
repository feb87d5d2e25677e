import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AUDIT_MIGRATIONS, createDataSourceOptions, ensureDatabase, runMigrations, withDatabaseName } from '@app/audit';

const SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function databaseExists(name: string): Promise<boolean> {
  const server = await new DataSource({ type: 'postgres', url: SERVER_URL }).initialize();
  try {
    return (await server.query<unknown[]>('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;
  } finally {
    await server.destroy();
  }
}

async function dropDatabase(name: string): Promise<void> {
  const server = await new DataSource({ type: 'postgres', url: SERVER_URL }).initialize();
  try {
    await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await server.destroy();
  }
}

describe('database creation and migrations (PostgreSQL)', () => {
  const name = `kyc_test_setup_${randomBytes(4).toString('hex')}`;
  const url = withDatabaseName(SERVER_URL, name);
  afterAll(() => dropDatabase(name));

  it('creates a missing database once, even when several processes race to create it', async () => {
    expect(await databaseExists(name)).toBe(false);
    const results = await Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)]);
    expect(results.filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(await databaseExists(name)).toBe(true);
    await expect(ensureDatabase(url)).resolves.toBe(false);
  });

  it('applies every migration once under concurrent runs, and nothing on a current schema', async () => {
    const sources = await Promise.all([1, 2].map(() => new DataSource(createDataSourceOptions(url)).initialize()));
    try {
      const runs = await Promise.all(sources.map((source) => runMigrations(source)));
      expect(runs.flat().sort()).toEqual(AUDIT_MIGRATIONS.map((m) => m.name).sort());
      await expect(runMigrations(sources[0])).resolves.toEqual([]);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
    }
  });

  it('can undo every migration and apply them again', async () => {
    const source = await new DataSource(createDataSourceOptions(url)).initialize();
    try {
      for (let i = 0; i < AUDIT_MIGRATIONS.length; i++) await source.undoLastMigration();
      const tables: unknown[] = await source.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
      );
      expect(tables).toEqual([]);
      await expect(runMigrations(source)).resolves.toHaveLength(AUDIT_MIGRATIONS.length);
    } finally {
      await source.destroy();
    }
  });

  it('uses the database defaults for ids and timestamps (gen_random_uuid, now())', async () => {
    const source = await new DataSource(createDataSourceOptions(url)).initialize();
    try {
      const [row]: { id: string; created_at: Date }[] = await source.query(
        `INSERT INTO organizations (name) VALUES ('raw') RETURNING id, created_at`,
      );
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.created_at).toBeInstanceOf(Date);
    } finally {
      await source.destroy();
    }
  });
});
