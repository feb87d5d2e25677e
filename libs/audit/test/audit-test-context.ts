import { DataSource } from 'typeorm';
import {
  ApiKeyRepository,
  createDataSourceOptions,
  EntityRepository,
  FaceMatchVerificationRepository,
  KycSettingsRepository,
  OrganizationRepository,
} from '@app/audit';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';

export interface AuditTestContext {
  database: TestDatabase;
  dataSource: DataSource;
  organizations: OrganizationRepository;
  apiKeys: ApiKeyRepository;
  settings: KycSettingsRepository;
  entities: EntityRepository;
  verifications: FaceMatchVerificationRepository;
  /** A new organization with its admin key (ids only, plus the plaintext key). */
  newOrganization(name?: string): Promise<{ organizationId: string; userId: string; apiKey: string; apiKeyId: string }>;
  close(): Promise<void>;
}

/** The repositories over a fresh, migrated database of this suite's own. */
export async function openAuditTestContext(suite: string): Promise<AuditTestContext> {
  const database = await createTestDatabase(suite);
  const dataSource = await new DataSource(createDataSourceOptions(database.url)).initialize();
  const organizations = new OrganizationRepository(dataSource);
  let counter = 0;
  return {
    database,
    dataSource,
    organizations,
    apiKeys: new ApiKeyRepository(dataSource),
    settings: new KycSettingsRepository(dataSource),
    entities: new EntityRepository(dataSource),
    verifications: new FaceMatchVerificationRepository(dataSource),
    async newOrganization(name = `Org ${++counter}`) {
      const created = await organizations.createWithAdminKey(name);
      return { organizationId: created.organization.id, userId: created.user.id, apiKey: created.apiKey, apiKeyId: created.apiKeyId };
    },
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
