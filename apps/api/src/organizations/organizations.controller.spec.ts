import { expect } from '@jest/globals';
import {
  applyKycSettingsPatch,
  KycSettingsPatch,
  KycSettingsRepository,
  Organization,
  OrganizationKycSettings,
  OrganizationRepository,
  SecretCodec,
} from '@app/audit';
import { DomainError, outboundConfig } from '@app/core';
import { SecretSealer } from '@app/storage';
import {
  ADMIN,
  ControllerHarness,
  expectContractError,
  MEMBER,
  ORGANIZATION_ID,
  startControllerHarness,
} from '../testing/controller-harness';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

function defaults(): OrganizationKycSettings {
  return Object.assign(new OrganizationKycSettings(), {
    organizationId: ORGANIZATION_ID,
    faceMatchEnabled: true,
    scoreDeclineThreshold: 30,
    kycValidationEnabled: false,
    webhookUrl: null,
    webhookSecret: null,
    webhookAllowedHosts: [],
    sessionTtlHours: 168,
    allowSelfieUpload: false,
    renaperDataEnrichmentEnabled: false,
    renaperValidateDniEnrichmentEnabled: false,
    renaperBaseUrl: null,
    renaperUsername: null,
    renaperPassword: null,
    livenessEnabled: false,
    livenessBiometricCheckDefault: false,
    idVerificationEnabled: false,
    requireReadableBarcode: false,
    updatedAt: new Date(0),
    updatedByUserId: null,
  });
}

/** One organization's settings in memory, patched by the real rules; records each patch as the repository receives it. */
class FakeKycSettings {
  row = defaults();
  readonly patches: Array<{ patch: KycSettingsPatch; userId: string }> = [];

  findForOrganization(organizationId: string): Promise<OrganizationKycSettings> {
    if (organizationId !== ORGANIZATION_ID) return Promise.reject(DomainError.notFound(`Organization ${organizationId}`));
    return Promise.resolve(this.row);
  }

  async updateWithChangeLog(organizationId: string, patch: KycSettingsPatch, userId: string, secrets: SecretCodec) {
    this.patches.push({ patch, userId });
    const { values } = applyKycSettingsPatch(await this.findForOrganization(organizationId), patch, secrets);
    this.row = Object.assign(defaults(), this.row, values);
    return this.row;
  }
}

const SEALER = { seal: (plain: string) => `sealed:${plain}`, open: (stored: string) => stored.replace(/^sealed:/, '') };

describe('OrganizationsController over HTTP (real service and validation; settings in memory)', () => {
  let http: ControllerHarness;
  let settings: FakeKycSettings;

  beforeAll(async () => {
    settings = new FakeKycSettings();
    const organizations = {
      findById: (id: string) =>
        Promise.resolve(
          id === ORGANIZATION_ID
            ? Object.assign(new Organization(), { id, name: 'Acme', createdAt: new Date(0), updatedAt: new Date(0) })
            : null,
        ),
    };
    http = await startControllerHarness(
      [OrganizationsController],
      [
        OrganizationsService,
        { provide: OrganizationRepository, useValue: organizations },
        { provide: KycSettingsRepository, useValue: settings },
        { provide: SecretSealer, useValue: SEALER },
        { provide: outboundConfig.KEY, useValue: { allowPrivateNetworks: false, allowHosts: [], maxResponseBytes: 1024 * 1024 } },
      ],
    );
  });

  beforeEach(() => {
    settings.row = defaults();
    settings.patches.length = 0;
  });

  afterAll(() => http.close());

  const patch = (payload: unknown, headers: Record<string, string> = ADMIN) =>
    http.inject({ method: 'PATCH', url: '/api/organizations/current/kyc-settings', headers, payload: payload as object });

  it('answers the organization the key acts for', async () => {
    const response = await http.inject({ method: 'GET', url: '/api/organizations/current', headers: MEMBER });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: ORGANIZATION_ID, name: 'Acme' });
  });

  it('never returns a secret, only whether one is configured', async () => {
    settings.row = Object.assign(defaults(), {
      webhookSecret: 'sealed:0123456789abcdef',
      renaperUsername: 'u',
      renaperPassword: 'sealed:pw',
    });
    const response = await http.inject({ method: 'GET', url: '/api/organizations/current/kyc-settings', headers: MEMBER });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      kycValidation: { webhookSecretConfigured: true },
      renaper: { username: 'u', credentialsConfigured: true },
    });
    expect(response.body).not.toContain('0123456789abcdef');
    expect(response.body).not.toContain('sealed:');
  });

  it('changes settings for an admin, flattening the body into one patch and sealing secrets', async () => {
    const response = await patch({
      faceMatch: { scoreDeclineThreshold: 45 },
      kycValidation: {
        webhookUrl: 'https://hooks.example.com/kyc',
        webhookSecret: 'a-long-enough-secret',
        webhookAllowedHosts: ['Hooks.Example.com'],
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      faceMatch: { scoreDeclineThreshold: 45 },
      kycValidation: {
        webhookUrl: 'https://hooks.example.com/kyc',
        webhookSecretConfigured: true,
        webhookAllowedHosts: ['hooks.example.com'],
      },
    });
    expect(settings.patches).toEqual([
      {
        patch: {
          scoreDeclineThreshold: 45,
          webhookUrl: 'https://hooks.example.com/kyc',
          webhookSecret: 'a-long-enough-secret',
          webhookAllowedHosts: ['hooks.example.com'],
        },
        userId: expect.any(String),
      },
    ]);
    expect(settings.row.webhookSecret).toBe('sealed:a-long-enough-secret');
  });

  it('refuses a member key (403) and changes nothing', async () => {
    expectContractError(await patch({ faceMatch: { enabled: false } }, MEMBER), 403, 'FORBIDDEN', /admin role/);
    expect(settings.patches).toEqual([]);
  });

  it('refuses an empty change naming what may be sent', async () => {
    expectContractError(await patch({}), 400, 'INVALID_REQUEST', /^Nothing to change: send at least one of faceMatch/);
    expectContractError(await patch({ faceMatch: {} }), 400, 'INVALID_REQUEST', /^Nothing to change/);
  });

  it.each<[string, unknown, RegExp]>([
    ['a threshold over 100', { faceMatch: { scoreDeclineThreshold: 101 } }, /scoreDeclineThreshold must not be greater than 100/],
    ['a negative threshold', { faceMatch: { scoreDeclineThreshold: -1 } }, /scoreDeclineThreshold must not be less than 0/],
    ['a threshold as text', { faceMatch: { scoreDeclineThreshold: '30' } }, /scoreDeclineThreshold must be a number/],
    ['enabled as text', { faceMatch: { enabled: 'yes' } }, /enabled must be a boolean/],
    ['an unknown section', { billing: { plan: 'pro' } }, /property billing should not exist/],
    ['an unknown field in a section', { faceMatch: { threshold: 30 } }, /property threshold should not exist/],
    [
      'a webhook URL without a scheme',
      { kycValidation: { webhookUrl: 'hooks.example.com' } },
      /^kycValidation\.webhookUrl must be an http\(s\) URL$/,
    ],
    [
      'an ftp webhook URL',
      { kycValidation: { webhookUrl: 'ftp://hooks.example.com' } },
      /^kycValidation\.webhookUrl must be an http\(s\) URL$/,
    ],
    [
      'a short webhook secret',
      { kycValidation: { webhookSecret: 'short' } },
      /^kycValidation\.webhookSecret must be at least 16 characters$/,
    ],
    ['a session TTL of 0 hours', { kycValidation: { sessionTtlHours: 0 } }, /sessionTtlHours must not be less than 1/],
    ['a session TTL over 90 days', { kycValidation: { sessionTtlHours: 24 * 90 + 1 } }, /sessionTtlHours must not be greater than 2160/],
    [
      'allowed hosts that are no host names',
      { kycValidation: { webhookAllowedHosts: ['https://x.com/'] } },
      /webhookAllowedHosts must hold host names/,
    ],
    [
      'allowed hosts as one string',
      { kycValidation: { webhookAllowedHosts: 'x.com' } },
      /webhookAllowedHosts must be an array of host names/,
    ],
    ['a RENAPER URL without a scheme', { renaper: { baseUrl: 'renaper.example' } }, /^renaper\.baseUrl must be an http\(s\) URL$/],
    ['a NUL in the RENAPER user name', { renaper: { username: 'user\u0000' } }, /^renaper\.username: must not contain NUL/],
    ['a settings body that is an array', [{ faceMatch: { enabled: true } }], /^Send a JSON object as the body/],
  ])('refuses %s with 400 and changes nothing', async (_name, payload, message) => {
    expectContractError(await patch(payload), 400, 'INVALID_REQUEST', message);
    expect(settings.patches).toEqual([]);
  });

  it.each([
    ['a webhook on a private address', { kycValidation: { webhookUrl: 'http://10.0.0.5/hook' } }, /^kycValidation\.webhookUrl /],
    [
      'a webhook URL with credentials',
      { kycValidation: { webhookUrl: 'https://user:pw@hooks.example.com/' } },
      /^kycValidation\.webhookUrl /,
    ],
    ['a RENAPER URL on loopback', { renaper: { baseUrl: 'http://127.0.0.1:4010' } }, /^renaper\.baseUrl /],
  ])('refuses %s the egress policy could never call', async (_name, payload, message) => {
    const body = expectContractError(await patch(payload), 400, 'INVALID_REQUEST', message);
    expect(body.details).toEqual({ field: expect.stringMatching(/webhookUrl|baseUrl/) });
    expect(settings.patches).toEqual([]);
  });

  it('accepts the documented documentReading body (as Swagger UI fills it in) and returns the setting', async () => {
    const response = await patch({ documentReading: { requireReadableBarcode: true } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ documentReading: { requireReadableBarcode: true } });
    expect(settings.patches.map((p) => p.patch)).toEqual([{ requireReadableBarcode: true }]);
  });

  it.each<[string, unknown]>([
    ['an empty string', ''],
    ['"true" as text', 'true'],
    ['a number', 1],
    ['a nested object', { value: true }],
    ['null', null],
  ])('refuses documentReading.requireReadableBarcode as %s with 400 naming the field', async (_name, value) => {
    const body = expectContractError(
      await patch({ documentReading: { requireReadableBarcode: value } }),
      400,
      'INVALID_REQUEST',
      /requireReadableBarcode/,
    );
    expect(JSON.stringify(body)).toMatch(/documentReading\.requireReadableBarcode/);
    expect(settings.row.requireReadableBarcode).toBe(false);
  });

  it('clears a webhook URL with null', async () => {
    settings.row = Object.assign(defaults(), { webhookUrl: 'https://hooks.example.com/kyc' });
    const response = await patch({ kycValidation: { webhookUrl: null } });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ kycValidation: { webhookUrl: string | null } }>().kycValidation.webhookUrl).toBeNull();
  });
});
