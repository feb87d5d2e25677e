import { randomUUID } from 'node:crypto';
import { SecretCodec } from '../src';
import { AuditTestContext, openAuditTestContext } from './audit-test-context';

/** A reversible stand-in for the keyring's sealer: what the repository writes is whatever the codec makes of it. */
const CODEC: SecretCodec = {
  seal: (plain) => `sealed(${Buffer.from(plain).toString('base64')})`,
  open: (stored) => Buffer.from(stored.slice('sealed('.length, -1), 'base64').toString(),
};

describe('KycSettingsRepository (PostgreSQL)', () => {
  let ctx: AuditTestContext;
  beforeAll(async () => {
    ctx = await openAuditTestContext('kyc_settings');
  });
  afterAll(() => ctx.close());

  it('applies a patch, stores secrets sealed by the codec, and logs only what changed with secrets masked', async () => {
    const org = await ctx.newOrganization();
    const updated = await ctx.settings.updateWithChangeLog(
      org.organizationId,
      {
        faceMatchEnabled: true, // unchanged: must not be logged
        scoreDeclineThreshold: 42.5,
        webhookUrl: 'https://hooks.example/kyc',
        webhookSecret: 'a-very-secret-webhook-key',
        renaperUsername: 'bank',
        renaperPassword: 'hunter2',
      },
      org.userId,
      CODEC,
    );

    expect(updated).toMatchObject({
      faceMatchEnabled: true,
      scoreDeclineThreshold: 42.5,
      webhookUrl: 'https://hooks.example/kyc',
      webhookSecret: CODEC.seal('a-very-secret-webhook-key'),
      renaperUsername: 'bank',
      renaperPassword: CODEC.seal('hunter2'),
      updatedByUserId: org.userId,
    });
    await expect(ctx.settings.findForOrganization(org.organizationId)).resolves.toEqual(updated);

    const [change] = await ctx.settings.listChanges(org.organizationId, 10);
    expect(change.changedByUserId).toBe(org.userId);
    expect(change.changedAt).toBeInstanceOf(Date);
    expect(change.changes).toEqual({
      'faceMatch.scoreDeclineThreshold': { old: 30, new: 42.5 },
      'kycValidation.webhookUrl': { old: null, new: 'https://hooks.example/kyc' },
      'kycValidation.webhookSecret': { old: null, new: '***' },
      'renaper.username': { old: null, new: 'bank' },
      'renaper.password': { old: null, new: '***' },
    });
    const raw: { changes: unknown }[] = await ctx.dataSource.query('SELECT changes::text AS changes FROM kyc_settings_changes');
    expect(JSON.stringify(raw)).not.toContain('hunter2');
    expect(JSON.stringify(raw)).not.toContain('a-very-secret-webhook-key');

    // The same secret sent again is compared in clear: nothing changes, nothing is logged.
    await ctx.settings.updateWithChangeLog(org.organizationId, { webhookSecret: 'a-very-secret-webhook-key' }, org.userId, CODEC);
    expect(await ctx.settings.listChanges(org.organizationId, 10)).toHaveLength(1);
  });

  it('writes no change row for a patch that changes nothing', async () => {
    const org = await ctx.newOrganization();
    const result = await ctx.settings.updateWithChangeLog(
      org.organizationId,
      { faceMatchEnabled: true, sessionTtlHours: 168 },
      org.userId,
      CODEC,
    );
    expect(result.updatedByUserId).toBeNull();
    await expect(ctx.settings.listChanges(org.organizationId, 10)).resolves.toEqual([]);
  });

  it('lists changes newest first, limited, and only for the organization asked', async () => {
    const org = await ctx.newOrganization();
    const other = await ctx.newOrganization();
    for (const threshold of [31, 32, 33]) {
      await ctx.settings.updateWithChangeLog(org.organizationId, { scoreDeclineThreshold: threshold }, org.userId, CODEC);
    }
    await ctx.settings.updateWithChangeLog(other.organizationId, { faceMatchEnabled: false }, other.userId, CODEC);

    const changes = await ctx.settings.listChanges(org.organizationId, 2);
    expect(changes.map((c) => c.changes['faceMatch.scoreDeclineThreshold'])).toEqual([
      { old: 32, new: 33 },
      { old: 31, new: 32 },
    ]);
    expect(changes.every((c) => c.organizationId === org.organizationId)).toBe(true);
  });

  it('serialises concurrent updates so each change logs the true old value', async () => {
    const org = await ctx.newOrganization();
    await Promise.all(
      [40, 50, 60, 70].map((threshold) =>
        ctx.settings.updateWithChangeLog(org.organizationId, { scoreDeclineThreshold: threshold }, org.userId, CODEC),
      ),
    );
    const chain = (await ctx.settings.listChanges(org.organizationId, 10))
      .reverse()
      .map((c) => c.changes['faceMatch.scoreDeclineThreshold'] as { old: number; new: number });
    expect(chain[0].old).toBe(30);
    for (let i = 1; i < chain.length; i++) expect(chain[i].old).toBe(chain[i - 1].new);
  });

  it('answers NOT_FOUND for an organization that does not exist', async () => {
    await expect(ctx.settings.findForOrganization(randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const org = await ctx.newOrganization();
    await expect(ctx.settings.updateWithChangeLog(randomUUID(), { faceMatchEnabled: false }, org.userId, CODEC)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
