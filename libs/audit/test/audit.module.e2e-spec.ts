import { Test, TestingModule } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditModule, OrganizationRepository, withDatabaseName } from '@app/audit';
import { resetEnvironmentCache } from '@app/core';

const SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Assigning undefined to process.env would store the string "undefined". */
function restore(variable: string, value: string | undefined): void {
  if (value === undefined) delete process.env[variable];
  else process.env[variable] = value;
}

describe('AuditModule', () => {
  const name = `kyc_test_module_${randomBytes(4).toString('hex')}`;
  const saved = { url: process.env.DATABASE_URL, migrate: process.env.DATABASE_MIGRATE_ON_START };
  let moduleRef: TestingModule | undefined;

  afterAll(async () => {
    await moduleRef?.close();
    restore('DATABASE_URL', saved.url);
    restore('DATABASE_MIGRATE_ON_START', saved.migrate);
    resetEnvironmentCache();
    const server = await new DataSource({ type: 'postgres', url: SERVER_URL }).initialize();
    await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await server.destroy();
  });

  it('creates and migrates a missing database on start, and provides working repositories', async () => {
    process.env.DATABASE_URL = withDatabaseName(SERVER_URL, name);
    process.env.DATABASE_MIGRATE_ON_START = 'true';
    resetEnvironmentCache();

    moduleRef = await Test.createTestingModule({ imports: [AuditModule] }).compile();
    await moduleRef.init();

    const created = await moduleRef.get(OrganizationRepository).createWithAdminKey('Through Nest');
    await expect(moduleRef.get(OrganizationRepository).findById(created.organization.id)).resolves.toMatchObject({ name: 'Through Nest' });
    const dataSource = moduleRef.get(DataSource);
    expect(dataSource.options).toMatchObject({ synchronize: false });
  });
});
