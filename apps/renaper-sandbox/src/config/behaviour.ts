import { type Check, decimal, flag, integer, nullable, oneOf, text, textList, where } from './checks';

export const KEY_CASES = ['registry', 'upper', 'lower'] as const;
/** `registry`: keys as the registry writes them; `upper` / `lower`: every key re-cased, as some gateways do. */
export type KeyCase = (typeof KEY_CASES)[number];

/**
 * How the sandbox answers. Set per process (environment or `startRenaperSandbox` options) and
 * changed per test at run time through `PUT /_sandbox/behaviour`; `POST /_sandbox/reset` restores
 * the process's settings.
 */
export interface SandboxBehaviour {
  /** Credentials token.php accepts. */
  username: string;
  password: string;
  /** How long after a face submission resultadoTCN keeps answering "pending". */
  faceAnswerDelayMs: number;
  /** Fraction (0..1) of registry calls answered with `failureStatus`. */
  failureRate: number;
  /** Status of injected failures: 429 or a 5xx. */
  failureStatus: number;
  /** Extra latency before every registry answer. */
  latencyMs: number;
  /** Token lifetime; null = until 23:59:59 Argentina time of the day of issue, as the registry does. */
  tokenTtlSeconds: number | null;
  keyCase: KeyCase;
  /** Client addresses allowed (the registry's IP allow-list); empty = any. Others get 403 REMOTE ADDRESS NOT ALLOWED. */
  allowedAddresses: string[];
  /** The next N registry calls fail with `failureStatus`. */
  failNextCalls: number;
  /** Every registry call fails with `failureStatus` until this is set back to false. */
  failAllCalls: boolean;
}

export const DEFAULT_BEHAVIOUR: Readonly<SandboxBehaviour> = {
  username: 'sandbox',
  password: 'sandbox',
  faceAnswerDelayMs: 5000,
  failureRate: 0,
  failureStatus: 503,
  latencyMs: 0,
  tokenTtlSeconds: null,
  keyCase: 'registry',
  allowedAddresses: [],
  failNextCalls: 0,
  failAllCalls: false,
};

const BEHAVIOUR_CHECKS: { [K in keyof SandboxBehaviour]: Check<SandboxBehaviour[K]> } = {
  username: text,
  password: text,
  faceAnswerDelayMs: integer(0, 600_000),
  failureRate: decimal(0, 1),
  failureStatus: where(integer(100, 599), (status) => status === 429 || status >= 500, '429 or a 5xx status expected'),
  latencyMs: integer(0, 300_000),
  tokenTtlSeconds: nullable(integer(1, 7 * 24 * 3600)),
  keyCase: oneOf(KEY_CASES),
  allowedAddresses: textList,
  failNextCalls: integer(0, 1_000_000),
  failAllCalls: flag,
};

export function isBehaviourKey(key: string): key is keyof SandboxBehaviour {
  return Object.prototype.hasOwnProperty.call(BEHAVIOUR_CHECKS, key);
}

/**
 * Validates a partial behaviour. Unknown keys are problems too (a typo must not pass silently).
 * `label` names a key in problems (an environment variable name, for instance).
 */
export function parseBehaviourPatch(
  input: Record<string, unknown>,
  label: (key: string) => string = (key) => key,
): { patch: Partial<SandboxBehaviour>; problems: string[] } {
  const patch: Partial<SandboxBehaviour> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!isBehaviourKey(key)) problems.push(`${label(key)}: unknown setting`);
    else checkInto(patch, key, value, (problem) => problems.push(`${label(key)}=${JSON.stringify(value)}: ${problem}`));
  }
  return { patch, problems };
}

function checkInto<K extends keyof SandboxBehaviour>(
  patch: Partial<SandboxBehaviour>,
  key: K,
  value: unknown,
  report: (problem: string) => void,
): void {
  const result = BEHAVIOUR_CHECKS[key](value);
  if (result.ok) patch[key] = result.value;
  else report(result.problem);
}
