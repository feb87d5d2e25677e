import { booleanWord } from '@app/core';

/**
 * Strict readers of form and query strings. class-transformer's `@Type(() => Number)` reads "" and
 * "  " as 0 and "1e2" as 100, and a lenient boolean reads "" as false: a client with an empty
 * `scoreThreshold` would get threshold 0 and every stranger approved. These keep anything that is
 * not plainly a number (or a boolean word) as it came, so the validator refuses it by name.
 */
const DECIMAL = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;

/** "42", "-1.5", ".5" → a number; anything else (empty, blank, "NaN", "Infinity", "1e2", "0x10", arrays) stays as sent. */
export function strictNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : value;
}

/** "true"/"1"/"yes" and "false"/"0"/"no" (any case) → a boolean; anything else (empty too) stays as sent. */
export function strictBoolean(value: unknown): unknown {
  return booleanWord(value);
}

/** For `@Transform`: reads the raw value (`obj[key]`), never one already converted by another transform. */
export const toStrictNumber = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown => strictNumber(obj[key]);
export const toStrictBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown => strictBoolean(obj[key]);
/**
 * `checkLiveness` has always read an empty field as false (an unticked box); it keeps that, and is
 * otherwise as strict as `toStrictBoolean`.
 */
export const toBlankFalseBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown =>
  booleanWord(obj[key], { blankIsFalse: true });
