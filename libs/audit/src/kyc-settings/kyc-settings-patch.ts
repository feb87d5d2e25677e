import { DomainError } from '@app/core';
import { KycSettingsChangeSet, OrganizationKycSettings } from '../entities';

/** The settings an API call may change; absent (undefined) fields stay as they are. */
export type KycSettingsPatch = Partial<
  Pick<
    OrganizationKycSettings,
    | 'faceMatchEnabled'
    | 'scoreDeclineThreshold'
    | 'kycValidationEnabled'
    | 'webhookUrl'
    | 'webhookSecret'
    | 'webhookAllowedHosts'
    | 'sessionTtlHours'
    | 'allowSelfieUpload'
    | 'renaperDataEnrichmentEnabled'
    | 'renaperValidateDniEnrichmentEnabled'
    | 'renaperBaseUrl'
    | 'renaperUsername'
    | 'renaperPassword'
    | 'rateLimitRequestsPerMinute'
    | 'monthlyVerificationQuota'
    | 'livenessEnabled'
    | 'livenessBiometricCheckDefault'
    | 'idVerificationEnabled'
    | 'requireReadableBarcode'
  >
>;

type SettingsField = keyof KycSettingsPatch;

interface FieldRule {
  /** The contract's camelCase path, used as the change-log key. */
  path: string;
  nullable: boolean;
  /** Sealed at rest (see SecretCodec), logged only as "***" (set) or null (unset). */
  secret: boolean;
}

/** Every changeable field, with its contract path. Fields outside this table are ignored. */
const FIELDS: Record<SettingsField, FieldRule> = {
  faceMatchEnabled: { path: 'faceMatch.enabled', nullable: false, secret: false },
  scoreDeclineThreshold: { path: 'faceMatch.scoreDeclineThreshold', nullable: false, secret: false },
  kycValidationEnabled: { path: 'kycValidation.enabled', nullable: false, secret: false },
  webhookUrl: { path: 'kycValidation.webhookUrl', nullable: true, secret: false },
  webhookSecret: { path: 'kycValidation.webhookSecret', nullable: true, secret: true },
  webhookAllowedHosts: { path: 'kycValidation.webhookAllowedHosts', nullable: false, secret: false },
  sessionTtlHours: { path: 'kycValidation.sessionTtlHours', nullable: false, secret: false },
  allowSelfieUpload: { path: 'kycValidation.allowSelfieUpload', nullable: false, secret: false },
  renaperDataEnrichmentEnabled: { path: 'renaper.dataEnrichmentEnabled', nullable: false, secret: false },
  renaperValidateDniEnrichmentEnabled: { path: 'renaper.validateDniEnrichmentEnabled', nullable: false, secret: false },
  renaperBaseUrl: { path: 'renaper.baseUrl', nullable: true, secret: false },
  renaperUsername: { path: 'renaper.username', nullable: true, secret: false },
  renaperPassword: { path: 'renaper.password', nullable: true, secret: true },
  rateLimitRequestsPerMinute: { path: 'limits.requestsPerMinute', nullable: true, secret: false },
  monthlyVerificationQuota: { path: 'limits.monthlyVerificationQuota', nullable: true, secret: false },
  livenessEnabled: { path: 'liveness.enabled', nullable: false, secret: false },
  livenessBiometricCheckDefault: { path: 'liveness.biometricCheckDefault', nullable: false, secret: false },
  idVerificationEnabled: { path: 'idVerification.enabled', nullable: false, secret: false },
  requireReadableBarcode: { path: 'documentReading.requireReadableBarcode', nullable: false, secret: false },
};

export const MASKED_SECRET = '***';

/**
 * How secrets are sealed at rest and opened again (the storage keyring's SecretSealer): the patch
 * compares in clear, so setting a secret to the value it has changes and logs nothing.
 */
export interface SecretCodec {
  seal(plain: string): string;
  open(stored: string): string;
}

function sameValue(previous: unknown, next: unknown): boolean {
  if (Array.isArray(previous) || Array.isArray(next)) return JSON.stringify(previous) === JSON.stringify(next);
  return previous === next;
}

/** The stored secret in clear; null when unset, undefined when unreadable under the configured keys (whatever is sent replaces it). */
function openStored(secrets: SecretCodec, stored: unknown): string | null | undefined {
  if (typeof stored !== 'string') return null;
  try {
    return secrets.open(stored);
  } catch {
    return undefined;
  }
}

function logged(value: unknown, rule: FieldRule): unknown {
  if (!rule.secret) return value;
  return value === null || value === undefined ? null : MASKED_SECRET;
}

export interface AppliedKycSettingsPatch {
  /** Only the fields whose value actually changes. */
  values: KycSettingsPatch;
  /** The change-log entry for those fields, secrets masked. Empty when nothing changes. */
  changes: KycSettingsChangeSet;
}

/** Compares a patch with the current row: what to write (secrets sealed), and what to log. */
export function applyKycSettingsPatch(
  current: OrganizationKycSettings,
  patch: KycSettingsPatch,
  secrets: SecretCodec,
): AppliedKycSettingsPatch {
  const values: Record<string, unknown> = {};
  const changes: KycSettingsChangeSet = {};
  for (const [field, rule] of Object.entries(FIELDS) as [SettingsField, FieldRule][]) {
    const next = patch[field];
    if (next === undefined) continue;
    if (next === null && !rule.nullable) throw DomainError.invalid(`${rule.path} cannot be null`);
    const previous = current[field];
    if (rule.secret) {
      if (next === openStored(secrets, previous)) continue;
      values[field] = next === null ? null : secrets.seal(String(next));
    } else {
      if (sameValue(previous, next)) continue;
      values[field] = next;
    }
    changes[rule.path] = { old: logged(previous, rule), new: logged(next, rule) };
  }
  return { values, changes };
}
