import { randomUUID } from 'node:crypto';
import { generateApiKey } from '@app/audit';
import { AuditTestContext, openAuditTestContext } from './audit-test-context';

describe('ApiKeyRepository (PostgreSQL)', () => {
  let ctx: AuditTestContext;
  beforeAll(async () => {
    ctx = await openAuditTestContext('api_keys');
  });
  afterAll(() => ctx.close());

  const lastUsedAt = async (apiKeyId: string): Promise<Date | null> =>
    (await ctx.dataSource.query<{ last_used_at: Date | null }[]>('SELECT last_used_at FROM api_keys WHERE id = $1', [apiKeyId]))[0]
      .last_used_at;

  it('finds an active key with its user and memberships', async () => {
    const org = await ctx.newOrganization();
    await expect(ctx.apiKeys.findActiveByKey(org.apiKey)).resolves.toEqual({
      apiKeyId: org.apiKeyId,
      userId: org.userId,
      memberships: [{ organizationId: org.organizationId, role: 'admin' }],
    });
  });

  it('returns null for an unknown key', async () => {
    await ctx.newOrganization();
    await expect(ctx.apiKeys.findActiveByKey(generateApiKey())).resolves.toBeNull();
    await expect(ctx.apiKeys.findActiveByKey('')).resolves.toBeNull();
  });

  it('creates a member key backed by a new service account of the organization', async () => {
    const org = await ctx.newOrganization();
    const created = await ctx.apiKeys.createForOrganization(org.organizationId, 'member', 'ci');
    expect(created.userId).not.toBe(org.userId);
    await expect(ctx.apiKeys.findActiveByKey(created.apiKey)).resolves.toEqual({
      apiKeyId: created.apiKeyId,
      userId: created.userId,
      memberships: [{ organizationId: org.organizationId, role: 'member' }],
    });
  });

  it('refuses a key for an organization that does not exist', async () => {
    await expect(ctx.apiKeys.createForOrganization(randomUUID(), 'admin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ctx.apiKeys.createForOrganization('nope', 'admin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('revokes by plaintext key, after which the key no longer authenticates', async () => {
    const org = await ctx.newOrganization();
    await expect(ctx.apiKeys.revoke(org.apiKey)).resolves.toBe(true);
    await expect(ctx.apiKeys.findActiveByKey(org.apiKey)).resolves.toBeNull();
    await expect(ctx.apiKeys.revoke(org.apiKey)).resolves.toBe(false);
  });

  it('revokes by id and leaves the other keys of the organization working', async () => {
    const org = await ctx.newOrganization();
    const member = await ctx.apiKeys.createForOrganization(org.organizationId, 'member');
    await expect(ctx.apiKeys.revoke(member.apiKeyId)).resolves.toBe(true);
    await expect(ctx.apiKeys.findActiveByKey(member.apiKey)).resolves.toBeNull();
    await expect(ctx.apiKeys.findActiveByKey(org.apiKey)).resolves.not.toBeNull();
    await expect(ctx.apiKeys.revoke(randomUUID())).resolves.toBe(false);
  });

  it('records the last use, writing at most once a minute', async () => {
    const org = await ctx.newOrganization();
    expect(await lastUsedAt(org.apiKeyId)).toBeNull();
    await ctx.apiKeys.touchLastUsed(org.apiKeyId);
    const first = await lastUsedAt(org.apiKeyId);
    expect(first).toBeInstanceOf(Date);
    await ctx.apiKeys.touchLastUsed(org.apiKeyId);
    expect(await lastUsedAt(org.apiKeyId)).toEqual(first);

    await ctx.dataSource.query(`UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [org.apiKeyId]);
    const stale = await lastUsedAt(org.apiKeyId);
    await ctx.apiKeys.touchLastUsed(org.apiKeyId);
    expect((await lastUsedAt(org.apiKeyId))!.getTime()).toBeGreaterThan(stale!.getTime());
  });
});
