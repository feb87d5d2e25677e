import { resolveSandboxSettings, type SandboxSettings } from './sandbox-settings';

/**
 * Environment variable → sandbox option. Everything has a default (see resolveSandboxSettings).
 * The face engine reads the service's own variables (MODELS_DIR, FACE_*, IMAGE_*) through libs/core.
 */
const VARIABLES: Record<string, string> = {
  RENAPER_SANDBOX_PORT: 'port',
  RENAPER_SANDBOX_HOST: 'host',
  RENAPER_SANDBOX_CONTROL_KEY: 'controlKey',
  RENAPER_SANDBOX_PEOPLE_FILE: 'peopleFile',
  RENAPER_SANDBOX_PHOTOS_DIR: 'photosDir',
  RENAPER_SANDBOX_LOG_LEVEL: 'logLevel',
  RENAPER_SANDBOX_USERNAME: 'username',
  RENAPER_SANDBOX_PASSWORD: 'password',
  RENAPER_SANDBOX_FACE_DELAY_MS: 'faceAnswerDelayMs',
  RENAPER_SANDBOX_FAILURE_RATE: 'failureRate',
  RENAPER_SANDBOX_FAILURE_STATUS: 'failureStatus',
  RENAPER_SANDBOX_LATENCY_MS: 'latencyMs',
  RENAPER_SANDBOX_TOKEN_TTL_SECONDS: 'tokenTtlSeconds',
  RENAPER_SANDBOX_KEY_CASE: 'keyCase',
  RENAPER_SANDBOX_ALLOWED_ADDRESSES: 'allowedAddresses',
};

/**
 * Reads and validates the sandbox's environment once, at boot. Throws InvalidEnvironmentError
 * naming every bad variable. The log level defaults to info here (a developer is watching).
 */
export function sandboxSettingsFromEnvironment(env: NodeJS.ProcessEnv): SandboxSettings {
  const options: Record<string, unknown> = { logLevel: 'info' };
  const variableOf = new Map<string, string>();
  for (const [variable, option] of Object.entries(VARIABLES)) {
    variableOf.set(option, variable);
    const value = env[variable];
    if (value !== undefined && value !== '') options[option] = value;
  }
  return resolveSandboxSettings(options, (option) => variableOf.get(option) ?? option);
}
