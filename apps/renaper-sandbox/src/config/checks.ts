/**
 * Small value checks shared by the environment, the programmatic options and the control API.
 * They accept the JSON type and its text form ("5000", "true", "a,b"), so one schema serves all three.
 */
export type CheckResult<T> = { ok: true; value: T } | { ok: false; problem: string };
export type Check<T> = (value: unknown) => CheckResult<T>;

const ok = <T>(value: T): CheckResult<T> => ({ ok: true, value });
const fail = <T>(problem: string): CheckResult<T> => ({ ok: false, problem });

export function integer(min: number, max: number): Check<number> {
  return (value) => {
    const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? ok(n) : fail(`an integer from ${min} to ${max} expected`);
  };
}

export function decimal(min: number, max: number): Check<number> {
  return (value) => {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max ? ok(n) : fail(`a number from ${min} to ${max} expected`);
  };
}

export const text: Check<string> = (value) =>
  typeof value === 'string' && value.trim() !== '' ? ok(value) : fail('a non-empty string expected');

export const flag: Check<boolean> = (value) => {
  if (typeof value === 'boolean') return ok(value);
  const word = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (['true', '1', 'yes', 'on'].includes(word)) return ok(true);
  if (['false', '0', 'no', 'off'].includes(word)) return ok(false);
  return fail('true or false expected');
};

/** A JSON array of strings, or comma-separated text; empty items dropped. */
export const textList: Check<string[]> = (value) => {
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || !items.every((item): item is string => typeof item === 'string')) {
    return fail('a list of strings (or comma-separated text) expected');
  }
  return ok(items.map((item) => item.trim()).filter((item) => item !== ''));
};

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? ok(value as T)
      : fail(`one of ${values.join(', ')} expected`);
}

/** null (or empty text) allowed besides what `check` accepts. */
export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value) => (value === null || value === '' ? ok(null) : check(value));
}

export function where<T>(check: Check<T>, test: (value: T) => boolean, problem: string): Check<T> {
  return (value) => {
    const result = check(value);
    return !result.ok || test(result.value) ? result : fail(problem);
  };
}
