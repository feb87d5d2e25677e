import { expect } from '@jest/globals';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenedDataSource } from '@app/audit';
import { CliModule } from '../../apps/cli/src/cli.module';
import { storageReencryptCommand } from '../../apps/cli/src/commands/storage-reencrypt.command';
import { SecretsAtRest } from '../../apps/api/src/organizations/secrets-at-rest';
import type { EntityResponseDto } from '../../apps/api/src/entities/entity.dto';
import type { KycSettingsResponseDto } from '../../apps/api/src/organizations/kyc-settings.dto';
import type { ValidationResponseDto } from '../../apps/api/src/validations/validation.dto';
import { BodyOrError, json } from '../support/http';
import { startTestApi, TestApi, TestOrganization } from '../support/app';
import {
  database,
  doubleCheckForm,
  enableRenaper,
  eventually,
  getVerification,
  postFaceMatch,
  Sandbox,
  startInProcessWorker,
  startSandbox,
} from '../support/renaper';
import { startWebhookReceiver, WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'the-webhook-secret-of-the-secrets-suite';
const LEGACY_SECRET = 'a-webhook-secret-stored-in-clear-long-ago';
const REGISTRY_USER = 'bank-registry-user';
const REGISTRY_PASSWORD = 'the-registry-password-of-this-suite';

/** Every table a secret could end up in, as text: what a database dump would show. */
const DUMPED_TABLES = ['organization_kyc_settings', 'kyc_settings_changes', 'webhook_deliveries', 'webhook_attempts', 'renaper_checks'];

/** The sandbox and receivers listen on 127.0.0.1; this suite reaches them by the allow-listed name. */
const viaAllowListedName = (url: string) => url.replace('//127.0.0.1:', '//localhost:');

/**
 * Trust under abuse, the secrets and outbound side (issue 8, items 12–16), against the real API and
 * worker, PostgreSQL, Redis, the RENAPER sandbox and a local webhook receiver, with the production
 * egress policy: private networks refused, only the host name `localhost` allow-listed (as an
 * operator would list an internal registry gateway). No traffic goes to any non-loopback address.
 */
describe('secrets, registry tokens and outbound calls under abuse', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let org: TestOrganization;

  beforeAll(async () => {
    sandbox = await startSandbox({ faceAnswerDelayMs: 100, username: REGISTRY_USER, password: REGISTRY_PASSWORD });
    receiver = await startWebhookReceiver(SECRET);
    api = await startTestApi('hostile-secrets', {
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'false',
      OUTBOUND_ALLOW_HOSTS: 'localhost',
      RENAPER_WAIT_SECONDS: '30',
      RENAPER_DEADLINE_SECONDS: '20',
      RENAPER_POLL_INTERVAL_MS: '100',
      WEBHOOK_BACKOFF_MS: '150',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_TIMEOUT_MS: '3000',
    });
    worker = await startInProcessWorker();
    org = await api.createOrganization('Secrets Co');
    await useSandbox(org);
    await patchSettings(
      org,
      { kycValidation: { enabled: true, webhookUrl: viaAllowListedName(receiver.url), webhookSecret: SECRET } },
      200,
    );
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await sandbox?.close();
  });

  async function patchSettings(owner: TestOrganization, payload: object, expected: number, headers = owner.headers) {
    const response = await api.app.inject({ method: 'PATCH', url: '/api/organizations/current/kyc-settings', headers, payload });
    const body = json<BodyOrError<KycSettingsResponseDto>>(response);
    expect({ status: response.statusCode, body }).toMatchObject({ status: expected });
    return body;
  }

  /** Points the organization at the sandbox with its credentials (any of them overridden). */
  function useSandbox(owner: TestOrganization, renaper: Record<string, unknown> = {}): Promise<void> {
    return enableRenaper(api, owner, sandbox, {
      baseUrl: viaAllowListedName(sandbox.running.url),
      username: REGISTRY_USER,
      password: REGISTRY_PASSWORD,
      ...renaper,
    });
  }

  async function dump(): Promise<string> {
    const parts: string[] = [];
    for (const table of DUMPED_TABLES) {
      const rows: { row: string }[] = await database(api).query(`SELECT t::text AS row FROM ${table} t`);
      parts.push(...rows.map((r) => r.row));
    }
    return parts.join('\n');
  }

  async function newEntity(owner: TestOrganization): Promise<string> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: owner.headers,
      payload: { type: 'person', name: 'Ana Pérez' },
    });
    expect(response.statusCode).toBe(201);
    return json<EntityResponseDto>(response).id;
  }

  async function createValidation(owner: TestOrganization, headers: Record<string, string>, extra: object) {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/kyc/validations',
      headers,
      payload: { entityId: await newEntity(owner), ...extra },
    });
    return { status: response.statusCode, body: json<BodyOrError<ValidationResponseDto>>(response) };
  }

  async function approvedDoubleCheck(owner: TestOrganization): Promise<string> {
    const result = await postFaceMatch(api, owner, await doubleCheckForm(sandbox, await sandbox.person('valid')));
    expect(result.status).toBe(200);
    return result.body.verificationId;
  }

  describe('item 16: secrets sealed at rest', () => {
    it('a dump of the settings, change log, outbox and registry tables holds neither the webhook secret nor the RENAPER password', async () => {
      const verificationId = await approvedDoubleCheck(org);
      expect(await getVerification(api, org, verificationId)).toMatchObject({ status: 'approved' });
      await eventually(
        () => Promise.resolve(receiver.forVerification(verificationId)),
        (hooks) => hooks.length === 1,
        20_000,
      );

      const text = await dump();
      expect(text).toContain(org.organizationId);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(REGISTRY_PASSWORD);
      const [row] = await database(api).query<{ webhook_secret: string; renaper_password: string }[]>(
        'SELECT webhook_secret, renaper_password FROM organization_kyc_settings WHERE organization_id = $1',
        [org.organizationId],
      );
      expect(row.webhook_secret).toMatch(/^kyce1:/);
      expect(row.renaper_password).toMatch(/^kyce1:/);
      // Still usable where they are needed: the registry accepted the password, the receiver the signature.
      expect(receiver.forVerification(verificationId)[0]).toMatchObject({ signatureValid: true, signatureV2Valid: true });
    });

    it('secrets stored in clear before sealing existed are sealed at start-up and by storage:reencrypt, and keep working', async () => {
      const legacy = await api.createOrganization('Legacy Co');
      const legacyReceiver = await startWebhookReceiver(LEGACY_SECRET);
      try {
        await useSandbox(legacy);
        await patchSettings(
          legacy,
          { kycValidation: { enabled: true, webhookUrl: viaAllowListedName(legacyReceiver.url), webhookSecret: 'replaced-below-by-sql' } },
          200,
        );
        const writeInClear = () =>
          database(api).query(
            'UPDATE organization_kyc_settings SET webhook_secret = $2, renaper_password = $3 WHERE organization_id = $1',
            [legacy.organizationId, LEGACY_SECRET, REGISTRY_PASSWORD],
          );

        await writeInClear();
        expect(await dump()).toContain(LEGACY_SECRET);
        expect(await api.app.get(SecretsAtRest).sealPlaintext()).toMatchObject({ sealed: 2, failed: 0 });
        expect(await dump()).not.toContain(LEGACY_SECRET);
        expect(await dump()).not.toContain(REGISTRY_PASSWORD);

        await writeInClear();
        const out: string[] = [];
        // The command as the CLI runs it: its repositories come from the CLI's container on this database.
        const container = await NestFactory.createApplicationContext(CliModule.on(database(api)), { logger: false });
        const exit = await storageReencryptCommand
          .run(
            { json: true },
            { database: { dataSource: database(api) } as OpenedDataSource, container },
            {
              out: (t) => out.push(t),
              err: () => undefined,
            },
          )
          .finally(() => container.close());
        expect(exit).toBe(0);
        expect((JSON.parse(out[0]) as { secrets: unknown }).secrets).toMatchObject({ sealed: 2, failed: 0 });
        expect(await dump()).not.toContain(LEGACY_SECRET);

        // Opened where they are used: a double-check with the sealed password, an event signed with the sealed secret.
        const verificationId = await approvedDoubleCheck(legacy);
        expect(await getVerification(api, legacy, verificationId)).toMatchObject({ status: 'approved' });
        const [hook] = await eventually(
          () => Promise.resolve(legacyReceiver.forVerification(verificationId)),
          (hooks) => hooks.length === 1,
          20_000,
        );
        expect(hook).toMatchObject({ signatureValid: true, signatureV2Valid: true });
      } finally {
        await legacyReceiver.close();
      }
    });
  });

  describe('item 12: registry tokens are never shared between organizations', () => {
    it("an organization with the same base URL and username but a wrong password does not ride another's token", async () => {
      const honest = await approvedDoubleCheck(org); // org holds a token for the sandbox user now
      expect(await getVerification(api, org, honest)).toMatchObject({ status: 'approved' });

      const rider = await api.createOrganization('Rider Co');
      await useSandbox(rider, { password: 'not-the-password' });
      const result = await postFaceMatch(api, rider, await doubleCheckForm(sandbox, await sandbox.person('valid')));
      expect(result.status).toBe(200);
      const verification = await eventually(
        () => getVerification(api, rider, result.body.verificationId),
        (v) => v.status !== 'in_review' || v.warnings.includes('RENAPER_UNAVAILABLE'),
      );
      expect(verification).toMatchObject({ status: 'in_review', match: false });
      expect(verification.warnings).toContain('RENAPER_UNAVAILABLE');
    });
  });

  describe('item 13: outbound calls cannot be aimed inside', () => {
    it.each([
      ['renaper', { baseUrl: 'ftp://registry.example/' }, 'renaper.baseUrl', /http/],
      ['renaper', { baseUrl: 'http://user:pw@registry.example/' }, 'renaper.baseUrl', /credentials/],
      ['renaper', { baseUrl: 'http://[::1]:4010' }, 'renaper.baseUrl', /loopback/],
      ['renaper', { baseUrl: 'http://169.254.169.254/latest/meta-data' }, 'renaper.baseUrl', /linkLocal/],
      ['kycValidation', { webhookUrl: 'http://10.0.0.7/hooks' }, 'kycValidation.webhookUrl', /private/],
      ['kycValidation', { webhookUrl: 'http://0x7f000002/hooks' }, 'kycValidation.webhookUrl', /loopback/],
      ['kycValidation', { webhookUrl: 'http://127.1:9/hooks' }, 'kycValidation.webhookUrl', /http\(s\) URL|loopback/],
    ])('settings refuse %s %j with a 400 naming the field, and change nothing', async (section, value, field, reason) => {
      const before = await database(api).query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM kyc_settings_changes WHERE organization_id = $1',
        [org.organizationId],
      );
      const body = await patchSettings(org, { [section]: value }, 400);
      expect(body).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining(field), requestId: expect.any(String) });
      expect(body.message).toMatch(reason);
      const after = await database(api).query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM kyc_settings_changes WHERE organization_id = $1',
        [org.organizationId],
      );
      expect(after).toEqual(before);
    });

    it('a registry URL stored before the policy (a refused loopback address) is refused when connecting: no connection is opened', async () => {
      let connections = 0;
      const trap: Server = createServer((_request, response) => response.end('{}'));
      trap.on('connection', () => (connections += 1));
      await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
      try {
        const inside = await api.createOrganization('Inside Co');
        await useSandbox(inside);
        // Past the settings check (stored by an older version, or before the operator changed the policy):
        // the connection-time check is what holds. Host names resolving inside are refused the same way
        // (libs/outbound/src/outbound-http.int-spec.ts: `localhost` with nothing allow-listed).
        await database(api).query('UPDATE organization_kyc_settings SET renaper_base_url = $2 WHERE organization_id = $1', [
          inside.organizationId,
          `http://127.0.0.1:${(trap.address() as AddressInfo).port}`,
        ]);
        const result = await postFaceMatch(api, inside, await doubleCheckForm(sandbox, await sandbox.person('valid')));
        const verification = await eventually(
          () => getVerification(api, inside, result.body.verificationId),
          (v) => v.warnings.includes('RENAPER_UNAVAILABLE'),
        );
        expect(verification).toMatchObject({ status: 'in_review', match: false });
        expect(connections).toBe(0);
      } finally {
        await new Promise((resolve) => trap.close(resolve));
      }
    });

    it('a webhook URL stored before the policy (a refused loopback address) is refused when connecting, once, without retries', async () => {
      const inside = await api.createOrganization('Hooked Inside Co');
      await patchSettings(
        inside,
        { kycValidation: { enabled: true, webhookUrl: viaAllowListedName(receiver.url), webhookSecret: SECRET } },
        200,
      );
      await database(api).query('UPDATE organization_kyc_settings SET webhook_url = $2 WHERE organization_id = $1', [
        inside.organizationId,
        receiver.url,
      ]);
      const created = await createValidation(inside, inside.headers, {});
      expect(created.status).toBe(201);

      const [delivery] = await eventually(
        () =>
          database(api).query<{ id: string; status: string; attempts: number }[]>(
            `SELECT id, status, attempts FROM webhook_deliveries WHERE organization_id = $1`,
            [inside.organizationId],
          ),
        (rows: { id: string; status: string; attempts: number }[]) => rows.length === 1 && rows[0].status === 'failed',
      );
      expect(delivery.attempts).toBe(1);
      const [attempt] = await database(api).query<{ http_status: number | null; error: string | null }[]>(
        'SELECT http_status, error FROM webhook_attempts WHERE delivery_id = $1',
        [delivery.id],
      );
      expect(attempt).toMatchObject({ http_status: null, error: expect.stringMatching(/refused.*loopback/) });
      expect(receiver.received.filter((r) => r.body?.organizationId === inside.organizationId)).toEqual([]);
    });
  });

  describe('item 14: only admins, or allow-listed hosts, may redirect signed events', () => {
    it("refuses a member key's webhookUrl unless its host is in kycValidation.webhookAllowedHosts", async () => {
      const member = await org.memberHeaders();
      const refused = await createValidation(org, member, { webhookUrl: 'https://attacker.example/collect' });
      expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', message: expect.stringContaining('webhookAllowedHosts') } });

      // A member may not extend the allow-list either (settings are admin-only).
      await patchSettings(org, { kycValidation: { webhookAllowedHosts: ['attacker.example'] } }, 403, member);

      // The local receiver under the allow-listed name: events reach it, nothing leaves the machine.
      const partnerUrl = `${viaAllowListedName(receiver.url)}/partner`;
      const byAdmin = await createValidation(org, org.headers, { webhookUrl: partnerUrl });
      expect(byAdmin.status).toBe(201);

      const settings = await patchSettings(org, { kycValidation: { webhookAllowedHosts: ['LocalHost', 'partner.example'] } }, 200);
      expect(settings.kycValidation.webhookAllowedHosts).toEqual(['localhost', 'partner.example']);
      expect((await createValidation(org, member, { webhookUrl: partnerUrl })).status).toBe(201);
      expect((await createValidation(org, member, { webhookUrl: 'https://attacker.example/collect' })).status).toBe(403);
      expect((await createValidation(org, member, {})).status).toBe(201);
    });

    it('refuses a validation webhookUrl that can never be called, for admins too', async () => {
      const refused = await createValidation(org, org.headers, { webhookUrl: 'http://169.254.169.254/latest/meta-data' });
      expect(refused).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST', message: expect.stringContaining('webhookUrl') } });
    });
  });
});
