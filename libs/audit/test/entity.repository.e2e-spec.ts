import { randomUUID } from 'node:crypto';
import { AuditTestContext, openAuditTestContext } from './audit-test-context';

describe('EntityRepository (PostgreSQL)', () => {
  let ctx: AuditTestContext;
  beforeAll(async () => {
    ctx = await openAuditTestContext('entities');
  });
  afterAll(() => ctx.close());

  it('creates a person entity and reads it back', async () => {
    const org = await ctx.newOrganization();
    const created = await ctx.entities.create(org.organizationId, {
      type: 'person',
      externalId: 'client-1',
      taxId: '20123456783',
      name: 'Ana Pérez',
      person: { firstName: 'Ana', lastName: 'Pérez', idNumber: '12345678', gender: 'F', dateOfBirth: '1990-04-01' },
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(ctx.entities.findForOrganization(org.organizationId, created.id)).resolves.toEqual(created);
    await expect(ctx.entities.findByExternalId(org.organizationId, 'client-1')).resolves.toMatchObject({ id: created.id });
  });

  it('hides the entities of another organization', async () => {
    const owner = await ctx.newOrganization();
    const stranger = await ctx.newOrganization();
    const entity = await ctx.entities.create(owner.organizationId, { type: 'person', externalId: 'shared-ext' });
    await expect(ctx.entities.findForOrganization(stranger.organizationId, entity.id)).resolves.toBeNull();
    await expect(ctx.entities.findByExternalId(stranger.organizationId, 'shared-ext')).resolves.toBeNull();
    await expect(ctx.entities.list(stranger.organizationId, {}, 10, 0)).resolves.toEqual({ items: [], total: 0 });
    await expect(ctx.entities.update(stranger.organizationId, entity.id, { name: 'hijacked' })).resolves.toBeNull();
    await expect(ctx.entities.findForOrganization(owner.organizationId, 'not-a-uuid')).resolves.toBeNull();
  });

  it('rejects a duplicate externalId or taxId inside the organization with CONFLICT', async () => {
    const org = await ctx.newOrganization();
    await ctx.entities.create(org.organizationId, { type: 'person', externalId: 'dup', taxId: '27111111114' });
    await expect(ctx.entities.create(org.organizationId, { type: 'person', externalId: 'dup' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'externalId already exists in this organization',
    });
    await expect(ctx.entities.create(org.organizationId, { type: 'person', taxId: '27111111114' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'taxId already exists in this organization',
    });
  });

  it('allows the same externalId in two organizations, and many entities without one', async () => {
    const a = await ctx.newOrganization();
    const b = await ctx.newOrganization();
    await ctx.entities.create(a.organizationId, { type: 'person', externalId: 'same' });
    await expect(ctx.entities.create(b.organizationId, { type: 'person', externalId: 'same' })).resolves.toMatchObject({
      externalId: 'same',
    });
    await ctx.entities.create(a.organizationId, { type: 'person' });
    await ctx.entities.create(a.organizationId, { type: 'person' });
    await expect(ctx.entities.list(a.organizationId, {}, 10, 0)).resolves.toMatchObject({ total: 3 });
  });

  it('lists newest first with filters and pagination', async () => {
    const org = await ctx.newOrganization();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await ctx.entities.create(org.organizationId, { type: 'person', externalId: `e${i}`, taxId: `tax${i}` })).id);
    }
    const firstPage = await ctx.entities.list(org.organizationId, {}, 2, 0);
    expect(firstPage.total).toBe(5);
    expect(firstPage.items.map((e) => e.id)).toEqual([ids[4], ids[3]]);
    const lastPage = await ctx.entities.list(org.organizationId, {}, 2, 4);
    expect(lastPage.items.map((e) => e.id)).toEqual([ids[0]]);

    await expect(ctx.entities.list(org.organizationId, { externalId: 'e2' }, 10, 0)).resolves.toMatchObject({
      total: 1,
      items: [{ id: ids[2] }],
    });
    await expect(ctx.entities.list(org.organizationId, { taxId: 'tax3' }, 10, 0)).resolves.toMatchObject({
      total: 1,
      items: [{ id: ids[3] }],
    });
    await expect(ctx.entities.list(org.organizationId, { externalId: 'e2', taxId: 'tax3' }, 10, 0)).resolves.toEqual({
      items: [],
      total: 0,
    });
  });

  it('updates fields, merges person data field by field, and reports conflicts', async () => {
    const org = await ctx.newOrganization();
    const entity = await ctx.entities.create(org.organizationId, {
      type: 'person',
      externalId: 'before',
      person: { firstName: 'Juan', lastName: 'Gómez', gender: 'M' },
    });
    await ctx.entities.create(org.organizationId, { type: 'person', externalId: 'taken' });

    const updated = await ctx.entities.update(org.organizationId, entity.id, {
      externalId: 'after',
      name: 'Juan Gómez',
      person: { idNumber: '30111222', gender: null },
    });
    expect(updated).toMatchObject({
      externalId: 'after',
      name: 'Juan Gómez',
      person: { firstName: 'Juan', lastName: 'Gómez', idNumber: '30111222' },
    });
    expect(updated!.person).not.toHaveProperty('gender');
    expect(updated!.updatedAt.getTime()).toBeGreaterThan(entity.updatedAt.getTime());

    await expect(ctx.entities.update(org.organizationId, entity.id, { externalId: 'taken' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(ctx.entities.update(org.organizationId, entity.id, { person: null })).resolves.toMatchObject({ person: null });
    await expect(ctx.entities.update(org.organizationId, randomUUID(), { name: 'x' })).resolves.toBeNull();
  });
});
