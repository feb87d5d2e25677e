import { expect } from '@jest/globals';
import { OrganizationKycSettings } from '../entities';
import { applyKycSettingsPatch as applyWithCodec, SecretCodec } from './kyc-settings-patch';

/** Reversible and visible, so the tests can tell what was sealed. */
const CODEC: SecretCodec = { seal: (plain) => `sealed:${plain}`, open: (stored) => stored.replace(/^sealed:/, '') };
const applyKycSettingsPatch = (current: OrganizationKycSettings, patch: Parameters<typeof applyWithCodec>[1]) =>
  applyWithCodec(current, patch, CODEC);

function settings(overrides: Partial<OrganizationKycSettings> = {}): OrganizationKycSettings {
  return Object.assign(new OrganizationKycSettings(), {
    organizationId: '00000000-0000-4000-8000-000000000001',
    faceMatchEnabled: true,
    scoreDeclineThreshold: 30,
    kycValidationEnabled: false,
    webhookUrl: null,
    webhookSecret: null,
    webhookAllowedHosts: [],
    sessionTtlHours: 168,
    renaperDataEnrichmentEnabled: false,
    renaperValidateDniEnrichmentEnabled: false,
    renaperBaseUrl: null,
    renaperUsername: null,
    renaperPassword: null,
    updatedAt: new Date(0),
    updatedByUserId: null,
    ...overrides,
  });
}

describe('applyKycSettingsPatch', () => {
  it('logs only the fields whose value changes, under their contract paths', () => {
    const result = applyKycSettingsPatch(settings(), { scoreDeclineThreshold: 45, faceMatchEnabled: true, sessionTtlHours: 168 });
    expect(result.values).toEqual({ scoreDeclineThreshold: 45 });
    expect(result.changes).toEqual({ 'faceMatch.scoreDeclineThreshold': { old: 30, new: 45 } });
  });

  it('masks secrets as "***" when set and null when unset', () => {
    const setting = applyKycSettingsPatch(settings(), { webhookSecret: 'a-long-enough-secret', renaperPassword: 'pw' });
    expect(setting.changes).toEqual({
      'kycValidation.webhookSecret': { old: null, new: '***' },
      'renaper.password': { old: null, new: '***' },
    });
    expect(setting.values.webhookSecret).toBe('sealed:a-long-enough-secret');
    expect(setting.values.renaperPassword).toBe('sealed:pw');

    const rotating = applyKycSettingsPatch(settings({ webhookSecret: 'sealed:old-secret' }), { webhookSecret: 'new-secret' });
    expect(rotating.changes).toEqual({ 'kycValidation.webhookSecret': { old: '***', new: '***' } });

    const clearing = applyKycSettingsPatch(settings({ renaperPassword: 'sealed:pw' }), { renaperPassword: null });
    expect(clearing.changes).toEqual({ 'renaper.password': { old: '***', new: null } });
    expect(clearing.values).toEqual({ renaperPassword: null });
  });

  it('does not log (or rewrite) a secret set to the value it already has, compared in clear', () => {
    expect(applyKycSettingsPatch(settings({ webhookSecret: 'sealed:same' }), { webhookSecret: 'same' })).toEqual({
      values: {},
      changes: {},
    });
  });

  it('replaces a stored secret it cannot open instead of failing', () => {
    const unreadable: SecretCodec = {
      seal: (plain) => `sealed:${plain}`,
      open: () => {
        throw new Error('unknown key');
      },
    };
    expect(applyWithCodec(settings({ webhookSecret: 'sealed:lost' }), { webhookSecret: 'fresh-secret' }, unreadable).values).toEqual({
      webhookSecret: 'sealed:fresh-secret',
    });
  });

  it('compares host lists by value', () => {
    expect(applyKycSettingsPatch(settings({ webhookAllowedHosts: ['a.example'] }), { webhookAllowedHosts: ['a.example'] }).changes).toEqual(
      {},
    );
    expect(
      applyKycSettingsPatch(settings({ webhookAllowedHosts: ['a.example'] }), { webhookAllowedHosts: ['a.example', 'b.example'] }).changes,
    ).toEqual({
      'kycValidation.webhookAllowedHosts': { old: ['a.example'], new: ['a.example', 'b.example'] },
    });
  });

  it('keeps non-secret values in clear, nulls included', () => {
    const result = applyKycSettingsPatch(settings({ webhookUrl: 'https://a.example/hook' }), { webhookUrl: null, renaperUsername: 'bank' });
    expect(result.changes).toEqual({
      'kycValidation.webhookUrl': { old: 'https://a.example/hook', new: null },
      'renaper.username': { old: null, new: 'bank' },
    });
  });

  it('ignores fields outside the changeable set', () => {
    const patch = { organizationId: 'other', faceMatchEnabled: false } as Parameters<typeof applyKycSettingsPatch>[1];
    expect(applyKycSettingsPatch(settings(), patch).values).toEqual({ faceMatchEnabled: false });
  });

  it('rejects null for a field that cannot be null', () => {
    const patch = { faceMatchEnabled: null } as unknown as Parameters<typeof applyKycSettingsPatch>[1];
    expect(() => applyKycSettingsPatch(settings(), patch)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});

describe('applyKycSettingsPatch: liveness', () => {
  it('logs the liveness switches under liveness.enabled and liveness.biometricCheckDefault', () => {
    const result = applyKycSettingsPatch(settings({ livenessEnabled: false, livenessBiometricCheckDefault: false }), {
      livenessEnabled: true,
      livenessBiometricCheckDefault: false,
    });
    expect(result.values).toEqual({ livenessEnabled: true });
    expect(result.changes).toEqual({ 'liveness.enabled': { old: false, new: true } });
  });
});
