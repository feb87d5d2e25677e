import { type FaceConfig, faceConfig, InvalidEnvironmentError } from '@app/core';
import { DEFAULT_BEHAVIOUR, isBehaviourKey, parseBehaviourPatch, type SandboxBehaviour } from './behaviour';
import { type Check, integer, oneOf, text } from './checks';
import { fromRepoRoot } from './repo-root';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type SandboxLogLevel = (typeof LOG_LEVELS)[number];

/** Options of `startRenaperSandbox`: where to listen, what to load, and the initial behaviour. */
export interface RenaperSandboxOptions extends Partial<SandboxBehaviour> {
  /** 0 = a random free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Value of the `X-Sandbox-Key` header the control API (/_sandbox) wants. Default "sandbox". */
  controlKey?: string;
  /** Fixture people; default apps/renaper-sandbox/fixtures/people.json (relative paths: from the repo root). */
  peopleFile?: string;
  /** Folder of the photos the registry photos are cut from; default test/fixtures/photos. */
  photosDir?: string;
  /** Default "silent" (tests); main.ts passes the environment's level. */
  logLevel?: SandboxLogLevel;
  /** Face engine settings over the service's own (libs/core's `face` namespace, from MODELS_DIR, FACE_*, IMAGE_*). */
  face?: Partial<FaceConfig>;
}

export interface SandboxSettings {
  port: number;
  host: string;
  controlKey: string;
  peopleFile: string;
  photosDir: string;
  logLevel: SandboxLogLevel;
  face: FaceConfig;
  behaviour: SandboxBehaviour;
}

type ProcessSettings = Pick<SandboxSettings, 'port' | 'host' | 'controlKey' | 'peopleFile' | 'photosDir' | 'logLevel'>;

const PROCESS_DEFAULTS: ProcessSettings = {
  port: 4010,
  host: '127.0.0.1',
  controlKey: 'sandbox',
  peopleFile: 'apps/renaper-sandbox/fixtures/people.json',
  photosDir: 'test/fixtures/photos',
  logLevel: 'silent',
};

const PROCESS_CHECKS: { [K in keyof ProcessSettings]: Check<ProcessSettings[K]> } = {
  port: integer(0, 65535),
  host: text,
  controlKey: text,
  peopleFile: text,
  photosDir: text,
  logLevel: oneOf(LOG_LEVELS),
};

/**
 * Validates every option at once and applies defaults; throws InvalidEnvironmentError naming each
 * bad value (through `label`, so environment problems name the variable).
 */
export function resolveSandboxSettings(options: Record<string, unknown>, label: (key: string) => string = (key) => key): SandboxSettings {
  const problems: string[] = [];
  const processSettings: ProcessSettings = { ...PROCESS_DEFAULTS };
  const behaviourInput: Record<string, unknown> = {};

  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === 'face') continue;
    if (isProcessKey(key))
      checkInto(processSettings, key, value, (problem) => problems.push(`${label(key)}=${JSON.stringify(value)}: ${problem}`));
    else if (isBehaviourKey(key)) behaviourInput[key] = value;
    else problems.push(`${label(key)}: unknown option`);
  }
  const { patch, problems: behaviourProblems } = parseBehaviourPatch(behaviourInput, label);
  problems.push(...behaviourProblems);

  const face = faceSettings(options.face, problems);
  if (face === null || problems.length > 0) throw new InvalidEnvironmentError(problems);
  return {
    ...processSettings,
    peopleFile: fromRepoRoot(processSettings.peopleFile),
    photosDir: fromRepoRoot(processSettings.photosDir),
    face,
    behaviour: { ...DEFAULT_BEHAVIOUR, ...patch },
  };
}

/**
 * The service's own face settings (libs/core's `face` namespace: MODELS_DIR, FACE_*, IMAGE_*,
 * validated there) under the caller's overrides; a relative models folder is found from the repo root.
 */
function faceSettings(overrides: unknown, problems: string[]): FaceConfig | null {
  if (overrides !== undefined && (overrides === null || typeof overrides !== 'object')) {
    problems.push('face: an object of face engine settings expected');
  }
  let defaults: FaceConfig;
  try {
    defaults = faceConfig();
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    problems.push(...error.problems);
    return null;
  }
  const face: FaceConfig = { ...defaults, ...(typeof overrides === 'object' ? (overrides as Partial<FaceConfig>) : {}) };
  return { ...face, modelsDir: fromRepoRoot(face.modelsDir) };
}

function isProcessKey(key: string): key is keyof ProcessSettings {
  return Object.prototype.hasOwnProperty.call(PROCESS_CHECKS, key);
}

function checkInto<K extends keyof ProcessSettings>(
  settings: ProcessSettings,
  key: K,
  value: unknown,
  report: (problem: string) => void,
): void {
  const result = PROCESS_CHECKS[key](value);
  if (result.ok) settings[key] = result.value;
  else report(result.problem);
}
