import 'reflect-metadata';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { DataEnvironment } from './env/data.env';
import { FaceEnvironment } from './env/face.env';
import { IntegrationsEnvironment } from './env/integrations.env';
import { ServerEnvironment } from './env/server.env';
import { parseEncryptionKeys, resolveActiveKeyId } from './encryption-keys';
import { isValidAllowHostEntry } from './outbound-hosts';

/**
 * Every environment variable the service reads, with its default, in four groups (./env/). Validated
 * once at boot (`loadEnvironment`); nothing else in the code base reads `process.env`.
 */
export type EnvironmentVariables = ServerEnvironment & DataEnvironment & FaceEnvironment & IntegrationsEnvironment;

const GROUPS: ClassConstructor<object>[] = [ServerEnvironment, DataEnvironment, FaceEnvironment, IntegrationsEnvironment];

/** The variables a group declares: every one carries at least one validation decorator. */
function variablesOf(group: ClassConstructor<object>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(group, '', false, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

/** Each group converts and validates its own variables; the result takes from each group only what it declares. */
function readGroups(present: Record<string, unknown>): { env: EnvironmentVariables; errors: ValidationError[] } {
  const env: Record<string, unknown> = {};
  const errors: ValidationError[] = [];
  for (const group of GROUPS) {
    const instance = plainToInstance(group, present, { enableImplicitConversion: true, excludeExtraneousValues: false });
    errors.push(...validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: false }));
    for (const name of variablesOf(group)) env[name] = (instance as unknown as Record<string, unknown>)[name];
  }
  return { env: env as unknown as EnvironmentVariables, errors };
}

/** Variables whose values are never echoed back into logs. */
const SECRET_VARIABLES = ['BIOMETRIC_ENCRYPTION_KEYS', 'S3_SECRET_ACCESS_KEY'];

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Checks between the biometric encryption variables (each one alone is validated by its decorators). */
function encryptionProblems(env: EnvironmentVariables): string[] {
  if (env.BIOMETRIC_ENCRYPTION_KEYS === undefined) {
    if (env.NODE_ENV === 'production')
      return ['BIOMETRIC_ENCRYPTION_KEYS: required in production (face images and templates are encrypted at rest)'];
    if (env.BIOMETRIC_ENCRYPTION_KEY_ID !== undefined) return ['BIOMETRIC_ENCRYPTION_KEY_ID: set without BIOMETRIC_ENCRYPTION_KEYS'];
    return [];
  }
  try {
    resolveActiveKeyId(parseEncryptionKeys(env.BIOMETRIC_ENCRYPTION_KEYS), env.BIOMETRIC_ENCRYPTION_KEY_ID);
    return [];
  } catch (error) {
    return [`BIOMETRIC_ENCRYPTION_KEYS: ${(error as Error).message}`];
  }
}

/** Every OUTBOUND_ALLOW_HOSTS entry must be a host name, an IP address or a CIDR range. */
function outboundProblems(env: EnvironmentVariables): string[] {
  const bad = env.OUTBOUND_ALLOW_HOSTS.filter((entry) => !isValidAllowHostEntry(entry));
  return bad.length === 0
    ? []
    : [`OUTBOUND_ALLOW_HOSTS: not a host name, IP address or CIDR range: ${bad.map((entry) => JSON.stringify(entry)).join(', ')}`];
}

/** STORAGE_PROVIDER=s3 needs a bucket and its credentials; the process refuses to start without them. */
function storageProblems(env: EnvironmentVariables): string[] {
  if (env.STORAGE_PROVIDER !== 's3') return [];
  const required = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  return required.filter((name) => env[name] === undefined).map((name) => `${name}: required when STORAGE_PROVIDER=s3`);
}

/** Validates the environment and applies defaults. Throws, naming every bad variable, when invalid. */
export function loadEnvironment(raw: Record<string, unknown> = process.env): EnvironmentVariables {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const { env, errors } = readGroups(present);
  const problems = errors.map((e) => {
    // Key material is never echoed back into logs.
    const value = SECRET_VARIABLES.includes(e.property) ? '"…"' : JSON.stringify(present[e.property] ?? null);
    return `${e.property}=${value}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
  if (errors.length === 0) problems.push(...encryptionProblems(env), ...outboundProblems(env), ...storageProblems(env));
  if (errors.length === 0 && env.LIVENESS_ATTACK_BELOW > env.LIVENESS_THRESHOLD) {
    problems.push('LIVENESS_ATTACK_BELOW: must not exceed LIVENESS_THRESHOLD (the uncertain band lies between them)');
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return env;
}
