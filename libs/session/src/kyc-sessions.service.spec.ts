import { KycValidationRepository } from '@app/audit';
import { kycValidationsConfig } from '@app/core';
import { WebhookDispatcher } from '@app/queue';
import { KycSessionRepository } from './kyc-session.repository';
import { KycSessions } from './kyc-sessions.service';
import { SessionDecisionRepository } from './session-decision.repository';
import { pendingDocumentPath } from './session-images';
import { SessionSweep } from './session-sweep';
import { FakeClock, InMemoryImageStorage, InMemorySessions } from './testing';

const HOUR = 3600_000;
const MINUTE = 60_000;
const ORG = '11111111-1111-4111-8111-111111111111';

/** The lifecycle with fakes: no database, no Redis, a clock that moves only when told. */
function lifecycle() {
  const clock = new FakeClock();
  const rows = new InMemorySessions();
  const storage = new InMemoryImageStorage();
  const announced: Array<string | null> = [];
  const webhooks = {
    announce: (change: { webhookDeliveryId: string | null }) => {
      announced.push(change.webhookDeliveryId);
      return Promise.resolve();
    },
  };
  const sessions = new KycSessions(
    rows as unknown as KycSessionRepository,
    rows.decisions() as SessionDecisionRepository,
    webhooks as WebhookDispatcher,
    storage,
    clock,
  );
  const config = { sessionIdleMinutes: 30 } as ReturnType<typeof kycValidationsConfig>;
  const sweep = new SessionSweep(rows as unknown as KycValidationRepository, sessions, clock, config);
  let next = 0;
  const create = async (ttlHours = 2) => {
    const id = `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
    const created = await sessions.create({
      id,
      organizationId: ORG,
      entityId: 'e',
      integrationCode: 'kyc',
      provider: 'self_hosted',
      sessionId: `s${next}`,
      sessionTokenHash: `h${next}`,
      webhookUrl: null,
      metadata: null,
      omitWarnings: [],
      callbackUrl: null,
      ttlHours,
    });
    if (!created) throw new Error('not created');
    return created;
  };
  return { clock, rows, storage, announced, sessions, sweep, create };
}

describe('KycSessions (the session lifecycle, with a fake clock)', () => {
  it('creates a pending session expiring its TTL after the clock’s now, and announces it', async () => {
    const { clock, create, announced } = lifecycle();
    const session = await create(3);
    expect(session.status).toBe('pending');
    expect(session.expiresAt.getTime() - clock.now().getTime()).toBe(3 * HOUR);
    expect(announced).toEqual(['delivery-1']);
  });

  it('opens a pending session once, recording the clock’s now as its last activity', async () => {
    const { clock, create, sessions, announced } = lifecycle();
    const session = await create();
    clock.advance(5 * MINUTE);
    const opened = await sessions.open(session.id);
    expect(opened).toMatchObject({ status: 'in_progress', lastActivityAt: clock.now() });
    expect(await sessions.open(session.id)).toBeNull();
    expect(announced).toHaveLength(2);
  });

  it('refuses a move the transition table does not have, and announces nothing for it', async () => {
    const { create, sessions, announced } = lifecycle();
    const session = await create();
    expect(await sessions.move({ id: session.id, from: ['pending'], to: 'approved' })).toBeNull();
    expect(await sessions.move({ id: session.id, from: ['in_progress'], to: 'cancelled' })).toBeNull();
    expect(announced).toHaveLength(1);
  });

  it('drops the pending document when a session closes without a decision, not when it is resolved', async () => {
    const { create, sessions, storage } = lifecycle();
    const session = await create();
    const opened = await sessions.open(session.id);
    expect(await sessions.storePendingDocument(opened!, Buffer.from('card'))).toBe(true);
    const path = pendingDocumentPath({ organizationId: ORG, kycValidationId: session.id });
    expect(storage.files.has(path)).toBe(true);
    expect(await sessions.move({ id: session.id, organizationId: ORG, from: ['pending', 'in_progress'], to: 'cancelled' })).toMatchObject({
      status: 'cancelled',
    });
    expect(storage.files.has(path)).toBe(false);
  });

  it('keeps no pending document for a session past its expiry', async () => {
    const { clock, create, sessions, storage } = lifecycle();
    const opened = await sessions.open((await create(1)).id);
    clock.advance(HOUR);
    expect(await sessions.storePendingDocument(opened!, Buffer.from('card'))).toBe(false);
    expect(storage.files.size).toBe(0);
  });

  it('decides a session in progress: stores both images, writes the status and the decision, announces', async () => {
    const { create, sessions, storage, announced } = lifecycle();
    const opened = await sessions.open((await create()).id);
    const images = { document: Buffer.from('doc'), selfie: Buffer.from('me') };
    const decided = await sessions.decide(opened!, { status: 'approved', decision: { reason: 'match' }, template: null }, images);
    expect(decided).toMatchObject({ status: 'approved', decision: { reason: 'match' } });
    expect([...storage.files.keys()].map((path) => path.split('/').pop()).sort()).toEqual(['document', 'selfie']);
    expect(announced).toHaveLength(3);
    expect(await sessions.decide(opened!, { status: 'rejected', decision: {}, template: null }, images)).toBeNull();
  });

  it('sweeps: expires open sessions at their expiry and abandons idle ones, each once', async () => {
    const { clock, rows, create, sessions, sweep } = lifecycle();
    const statusOf = (id: string) => rows.rows.get(id)?.status;
    const pending = await create(2);
    const idle = await create(24);
    await sessions.open(idle.id);
    clock.advance(MINUTE);
    const active = await create(24);
    clock.advance(29 * MINUTE);
    await sessions.open(active.id);
    expect(await sweep.sweep()).toEqual({ expired: 0, abandoned: 1 });
    expect([statusOf(pending.id), statusOf(idle.id), statusOf(active.id)]).toEqual(['pending', 'abandoned', 'in_progress']);
    clock.advance(90 * MINUTE);
    expect(await sweep.sweep()).toEqual({ expired: 1, abandoned: 1 });
    expect(await sweep.sweep()).toEqual({ expired: 0, abandoned: 0 });
    expect([statusOf(pending.id), statusOf(active.id)]).toEqual(['expired', 'abandoned']);
  });
});
