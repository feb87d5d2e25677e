import { booleanWord } from '../../text/boolean-word';
import { parseTrustProxy } from '../trust-proxy';

/** What a class-transformer `@Transform` receives; each reads the raw string (`obj[key]`), never a value already converted. */
interface RawValue {
  obj: Record<string, unknown>;
  key: string;
}

/**
 * Implicit conversion would already have turned "false" into true. Anything that is not a
 * recognised boolean word (on/off included) is left as is, so validation names it.
 */
export const toBoolean = ({ obj, key }: RawValue): unknown => booleanWord(obj[key], { switches: true });

/** Reads a comma-separated list from the raw string (`fr, frnet` -> ["fr", "frnet"]); anything else is left for validation. */
export const toList = ({ obj, key }: RawValue): unknown => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
};

/** Reads TRUST_PROXY; a value it cannot read is left as is, so validation names it. */
export const toTrustProxy = ({ obj, key }: RawValue): unknown => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  try {
    return parseTrustProxy(value);
  } catch {
    return value;
  }
};
