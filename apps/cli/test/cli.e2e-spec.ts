import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiKeyRepository, createDataSourceOptions, withDatabaseName } from '@app/audit';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';

const ROOT = join(__dirname, '..', '..', '..');
const WRAPPER = join(ROOT, 'scripts', 'cli.js');
const BUILT_ENTRY = join(ROOT, 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `script` is the npm wrapper (builds when needed) or the built entry (no rebuild while others edit libs). */
function cli(args: string[], env: Record<string, string>, script = BUILT_ENTRY): CliRun {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 170_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('CLI (built, as a child process)', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    env = { DATABASE_URL: database.url };
    dataSource = await new DataSource(createDataSourceOptions(database.url)).initialize();
    // Through the npm wrapper, which builds the CLI when it is missing or stale.
    const help = cli(['--help'], env, WRAPPER);
    expect(help.stderr).not.toMatch(/could not be built/);
    expect(help.status).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('org:create --json prints exactly one JSON object whose admin key works', async () => {
    const run = cli(['org:create', '--name', 'Acme CLI', '--json'], env, WRAPPER);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const output = JSON.parse(run.stdout) as Record<string, string>;
    expect(Object.keys(output).sort()).toEqual(['apiKey', 'organizationId']);
    expect(output.apiKey).toMatch(/^kyc_[A-Za-z0-9_-]{40}$/);

    const found = await new ApiKeyRepository(dataSource).findActiveByKey(output.apiKey);
    expect(found?.memberships).toEqual([{ organizationId: output.organizationId, role: 'admin' }]);
  });

  it('api-key:create and api-key:revoke manage a member key', async () => {
    const org = JSON.parse(cli(['org:create', '--name', 'Keys', '--json'], env).stdout) as { organizationId: string };
    const run = cli(['api-key:create', '--org', org.organizationId, '--role', 'member', '--name', 'ci', '--json'], env);
    expect(run.status).toBe(0);
    const created = JSON.parse(run.stdout) as { organizationId: string; apiKey: string; apiKeyId: string; role: string };
    expect(created).toMatchObject({ organizationId: org.organizationId, role: 'member' });

    const apiKeys = new ApiKeyRepository(dataSource);
    await expect(apiKeys.findActiveByKey(created.apiKey)).resolves.toMatchObject({ apiKeyId: created.apiKeyId });
    const revoke = cli(['api-key:revoke', '--id', created.apiKeyId], env);
    expect(revoke.status).toBe(0);
    await expect(apiKeys.findActiveByKey(created.apiKey)).resolves.toBeNull();
    expect(cli(['api-key:revoke', '--id', created.apiKeyId], env).status).toBe(1);
  });

  it('rejects an unknown command with exit code 2 and no stack trace', () => {
    const run = cli(['org:destroy', '--name', 'x'], env);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Unknown command "org:destroy"');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('rejects missing and invalid options with exit code 2', () => {
    const missing = cli(['org:create', '--json'], env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--name is required');
    const badRole = cli(['api-key:create', '--org', '0b7f6a52-8a43-4c1e-9d0b-2f4a5e6c7d8e', '--role', 'owner'], env);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('--role must be admin or member');
    const unknownOption = cli(['org:create', '--nmae', 'x'], env);
    expect(unknownOption.status).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--nmae'");
    expect(`${missing.stderr}${badRole.stderr}${unknownOption.stderr}`).not.toMatch(STACK_FRAME);
  });

  it('reports an invalid environment with exit code 1', () => {
    const run = cli(['org:create', '--name', 'x'], { DATABASE_URL: 'mysql://nope' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL must be a postgres:// URL');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('reports an unknown organization as a failure, not a crash', () => {
    const run = cli(['api-key:create', '--org', '0b7f6a52-8a43-4c1e-9d0b-2f4a5e6c7d8e', '--role', 'admin'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('not found');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('db:migrate creates a missing database and migrates it', async () => {
    const name = `kyc_test_cli_fresh_${randomBytes(4).toString('hex')}`;
    const url = withDatabaseName(database.url, name);
    try {
      const first = cli(['db:migrate'], { DATABASE_URL: url });
      expect(first.status).toBe(0);
      expect(first.stdout).toContain('Created the database.');
      expect(first.stdout).toContain('Applied migration CreateFaceMatchVerifications1763769780000');
      const again = cli(['db:migrate'], { DATABASE_URL: url });
      expect(again.stdout).toContain('already up to date');
    } finally {
      await dataSource.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
