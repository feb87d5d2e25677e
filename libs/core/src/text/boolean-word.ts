const TRUE_WORDS = ['true', '1', 'yes'];
const FALSE_WORDS = ['false', '0', 'no'];

export interface BooleanWordOptions {
  /** Also "on" and "off" (environment variables). */
  switches?: boolean;
  /** An empty or blank string is false (an unticked form field) instead of being left for validation to refuse. */
  blankIsFalse?: boolean;
}

/**
 * The one reader of boolean words, for forms, queries and the environment: "true"/"1"/"yes" and
 * "false"/"0"/"no" (any case, blanks around ignored) become booleans. Anything else, an empty
 * string included unless `blankIsFalse`, stays as sent, so validation refuses it by name: a
 * lenient reader would turn a typo into `false`.
 */
export function booleanWord(value: unknown, options: BooleanWordOptions = {}): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word) || (options.switches && word === 'on')) return true;
  if (FALSE_WORDS.includes(word) || (options.switches && word === 'off') || (options.blankIsFalse && word === '')) return false;
  return value;
}
