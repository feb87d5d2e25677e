import { createHash, randomUUID } from 'node:crypto';
import { AuditTestContext, openAuditTestContext } from './audit-test-context';

describe('OrganizationRepository (PostgreSQL)', () => {
  let ctx: AuditTestContext;
  beforeAll(async () => {
    ctx = await openAuditTestContext('organizations');
  });
  afterAll(() => ctx.close());

  it('creates the organization, its default settings, an admin service account and a key shown once', async () => {
    const created = await ctx.organizations.createWithAdminKey('Acme');

    expect(created.organization).toMatchObject({ name: 'Acme' });
    expect(created.organization.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.organization.createdAt).toBeInstanceOf(Date);
    expect(created.user.kind).toBe('service_account');
    expect(created.apiKey).toMatch(/^kyc_[A-Za-z0-9_-]{40}$/);

    const settings = await ctx.settings.findForOrganization(created.organization.id);
    expect(settings).toMatchObject({
      faceMatchEnabled: true,
      scoreDeclineThreshold: 30,
      kycValidationEnabled: false,
      webhookUrl: null,
      webhookSecret: null,
      sessionTtlHours: 168,
      renaperDataEnrichmentEnabled: false,
      renaperValidateDniEnrichmentEnabled: false,
      renaperBaseUrl: null,
      renaperUsername: null,
      renaperPassword: null,
      updatedByUserId: null,
    });

    const members: { role: string; user_id: string }[] = await ctx.dataSource.query(
      'SELECT role, user_id FROM organization_members WHERE organization_id = $1',
      [created.organization.id],
    );
    expect(members).toEqual([{ role: 'admin', user_id: created.user.id }]);
  });

  it('stores only the sha256 of the key and its 12-character prefix', async () => {
    const created = await ctx.organizations.createWithAdminKey('Hashing');
    const [row]: { key_hash: string; key_prefix: string; user_id: string }[] = await ctx.dataSource.query(
      'SELECT key_hash, key_prefix, user_id FROM api_keys WHERE id = $1',
      [created.apiKeyId],
    );
    expect(row.key_hash).toBe(createHash('sha256').update(created.apiKey).digest('hex'));
    expect(row.key_prefix).toBe(created.apiKey.slice(0, 12));
    expect(row.user_id).toBe(created.user.id);
    const leaks: unknown[] = await ctx.dataSource.query(`SELECT 1 FROM api_keys WHERE key_hash = $1 OR key_prefix = $1 OR name = $1`, [
      created.apiKey,
    ]);
    expect(leaks).toHaveLength(0);
  });

  it('finds an organization by id, and nothing for an unknown or malformed id', async () => {
    const { organizationId } = await ctx.newOrganization('Findable');
    await expect(ctx.organizations.findById(organizationId)).resolves.toMatchObject({ id: organizationId, name: 'Findable' });
    await expect(ctx.organizations.findById(randomUUID())).resolves.toBeNull();
    await expect(ctx.organizations.findById('not-a-uuid')).resolves.toBeNull();
  });

  it('writes nothing when the organization cannot be created', async () => {
    const count = async () => Number((await ctx.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM users'))[0].n);
    const before = await count();
    await expect(ctx.organizations.createWithAdminKey('   ')).rejects.toThrow();
    expect(await count()).toBe(before);
  });
});
