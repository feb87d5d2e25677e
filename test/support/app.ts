import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeyRepository, OrganizationRepository } from '@app/audit';
import { resetEnvironmentCache } from '@app/core';
import { ShiftedClock } from '@app/session/testing';
import { createApiApp } from '../../apps/api/src/app.factory';
import { createTestDatabase } from './database';

export interface TestApi {
  app: NestFastifyApplication;
  /** The sessions' clock: a test moves it (and hands it to its in-process worker) instead of rewriting timestamps. */
  clock: ShiftedClock;
  storageDir: string;
  /** A fresh organization with an admin key. */
  createOrganization(name?: string): Promise<TestOrganization>;
  close(): Promise<void>;
}

export interface TestOrganization {
  organizationId: string;
  apiKey: string;
  /** Authorization (and organization) headers for this organization's admin key. */
  headers: Record<string, string>;
  /** A member (non-admin) key of the same organization. */
  memberHeaders(): Promise<Record<string, string>>;
}

/**
 * The real API (real PostgreSQL in a database of its own, real Redis under a key prefix of its
 * own, real models) built exactly as main.ts builds it, without listening on a port.
 */
export async function startTestApi(
  suite: string,
  env: Record<string, string> = {},
  options: { databaseServerUrl?: string } = {},
): Promise<TestApi> {
  const database = await createTestDatabase(suite, options.databaseServerUrl);
  const storageDir = mkdtempSync(join(tmpdir(), `kyc-${suite}-`));
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_MIGRATE_ON_START: 'false',
    STORAGE_DIR: storageDir,
    REDIS_PREFIX: `kyc-test-${suite}-${process.pid}`,
    LOG_LEVEL: 'silent',
    FACE_WORKERS: '2',
    // Each Jest worker process hosts many suites' apps in turn (and compiles modules on first use,
    // which blocks its loop), beside other workers on the same cores: the process-wide pressure
    // limits stay off unless a suite tests them.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    PRESSURE_MAX_HEAP_USED_MB: '0',
    PRESSURE_MAX_RSS_MB: '0',
    ...env,
  });
  resetEnvironmentCache();
  const clock = new ShiftedClock();
  const app = await createApiApp({ clock });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const organizations = app.get(OrganizationRepository);
  const apiKeys = app.get(ApiKeyRepository);
  return {
    app,
    clock,
    storageDir,
    async createOrganization(name = `Org ${Math.random().toString(36).slice(2, 8)}`) {
      const created = await organizations.createWithAdminKey(name);
      const organizationId = created.organization.id;
      return {
        organizationId,
        apiKey: created.apiKey,
        headers: { authorization: `Bearer ${created.apiKey}` },
        async memberHeaders() {
          const member = await apiKeys.createForOrganization(organizationId, 'member');
          return { authorization: `Bearer ${member.apiKey}` };
        },
      };
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}
