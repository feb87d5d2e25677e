import { randomUUID } from 'node:crypto';
import { RecordFaceMatchAttemptInput } from '@app/audit';
import { AuditTestContext, openAuditTestContext } from './audit-test-context';

describe('FaceMatchVerificationRepository (PostgreSQL)', () => {
  let ctx: AuditTestContext;
  beforeAll(async () => {
    ctx = await openAuditTestContext('face_match');
  });
  afterAll(() => ctx.close());

  function attempt(
    org: { organizationId: string; userId: string },
    overrides: Partial<RecordFaceMatchAttemptInput> = {},
  ): RecordFaceMatchAttemptInput {
    return {
      organizationId: org.organizationId,
      triggeredByUserId: org.userId,
      requestId: randomUUID(),
      status: 'approved',
      match: true,
      score: 87.5,
      threshold: 30,
      storageProvider: 'local',
      ...overrides,
    };
  }

  it('records an attempt with defaults, numbers for numeric columns and the id the caller chose', async () => {
    const org = await ctx.newOrganization();
    const id = randomUUID();
    const row = await ctx.verifications.recordAttempt(
      attempt(org, {
        id,
        score: 87.456,
        threshold: 35.5,
        warnings: ['MULTIPLE_FACES_DETECTED'],
        details: { modelVersion: 'test-model', cosine: 0.61 },
        documentStoragePath: `organizations/${org.organizationId}/face-match/${id}/document.jpg`,
      }),
    );
    expect(row).toMatchObject({
      id,
      status: 'approved',
      match: true,
      score: 87.46,
      threshold: 35.5,
      entityId: null,
      vendorData: null,
      errorMessage: null,
      selfieStoragePath: null,
      warnings: ['MULTIPLE_FACES_DETECTED'],
      doubleCheckRenaper: false,
      responseDoubleChecks: null,
      details: { modelVersion: 'test-model', cosine: 0.61 },
    });
    expect(typeof row.score).toBe('number');
    expect(typeof row.threshold).toBe('number');
    expect(row.createdAt).toBeInstanceOf(Date);
    await expect(ctx.verifications.findForOrganization(org.organizationId, id)).resolves.toEqual(row);
  });

  it('records a failed attempt without score', async () => {
    const org = await ctx.newOrganization();
    const row = await ctx.verifications.recordAttempt(
      attempt(org, { status: 'failed', match: null, score: null, errorMessage: 'documentImage: not an image' }),
    );
    expect(row).toMatchObject({ status: 'failed', match: null, score: null, errorMessage: 'documentImage: not an image', warnings: [] });
  });

  it('hides the verifications of another organization', async () => {
    const owner = await ctx.newOrganization();
    const stranger = await ctx.newOrganization();
    const row = await ctx.verifications.recordAttempt(attempt(owner));
    await expect(ctx.verifications.findForOrganization(stranger.organizationId, row.id)).resolves.toBeNull();
    await expect(ctx.verifications.list(stranger.organizationId, {}, 50, 0)).resolves.toEqual({ items: [], total: 0 });
  });

  it('lists newest first, filtered by entity and status, with the total before paging', async () => {
    const org = await ctx.newOrganization();
    const entity = await ctx.entities.create(org.organizationId, { type: 'person' });
    const statuses = ['approved', 'declined', 'approved', 'failed', 'approved'] as const;
    const ids: string[] = [];
    for (const [i, status] of statuses.entries()) {
      const row = await ctx.verifications.recordAttempt(attempt(org, { status, entityId: i % 2 === 0 ? entity.id : null }));
      ids.push(row.id);
    }

    const all = await ctx.verifications.list(org.organizationId, {}, 2, 1);
    expect(all.total).toBe(5);
    expect(all.items.map((r) => r.id)).toEqual([ids[3], ids[2]]);

    const approved = await ctx.verifications.list(org.organizationId, { status: 'approved' }, 50, 0);
    expect(approved.items.map((r) => r.id)).toEqual([ids[4], ids[2], ids[0]]);

    const ofEntity = await ctx.verifications.list(org.organizationId, { entityId: entity.id, status: 'approved' }, 50, 0);
    expect(ofEntity.total).toBe(3);
    const declinedOfEntity = await ctx.verifications.list(org.organizationId, { entityId: entity.id, status: 'declined' }, 50, 0);
    expect(declinedOfEntity.total).toBe(0);
  });

  it('rejects a score outside 0..100 at the database', async () => {
    const org = await ctx.newOrganization();
    await expect(ctx.verifications.recordAttempt(attempt(org, { score: 150 }))).rejects.toThrow();
  });

  it('completes only a verification that is in review', async () => {
    const org = await ctx.newOrganization();
    const pending = await ctx.verifications.recordAttempt(
      attempt(org, { status: 'in_review', warnings: ['RENAPER_PENDING'], doubleCheckRenaper: true }),
    );
    const completed = await ctx.verifications.complete(pending.id, {
      status: 'declined',
      match: false,
      warnings: ['RENAPER_BIOMETRIC_NOT_MATCH'],
      responseDoubleChecks: {
        renaperBiometric: {
          status: 'no_match',
          score: 12,
          transactionControlNumber: 'T-1',
          polls: 3,
          checkedAt: '2025-11-22T00:00:00.000Z',
        },
      },
    });
    expect(completed).toMatchObject({
      status: 'declined',
      match: false,
      score: 87.5,
      warnings: ['RENAPER_BIOMETRIC_NOT_MATCH'],
      responseDoubleChecks: { renaperBiometric: { status: 'no_match', polls: 3 } },
    });
    expect(completed!.updatedAt.getTime()).toBeGreaterThan(pending.updatedAt.getTime());

    await expect(ctx.verifications.complete(pending.id, { status: 'approved', match: true })).resolves.toBeNull();
    await expect(ctx.verifications.findForOrganization(org.organizationId, pending.id)).resolves.toMatchObject({ status: 'declined' });
  });
});
