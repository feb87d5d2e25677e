import { DomainError } from '@app/core';

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface TextProblem {
  /** Dotted path of the offending value, e.g. `person.idNumber` or `metadata.notes[2]`. */
  field: string;
  reason: string;
}

function problemOf(text: string): string | null {
  if (NUL.test(text)) return 'must not contain NUL characters (\\u0000)';
  if (UNPAIRED_SURROGATE.test(text)) return 'must be valid Unicode text (it holds an unpaired surrogate)';
  return null;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * The first string (value or key) PostgreSQL would refuse to store: text columns refuse NUL and
 * jsonb refuses NUL and unpaired surrogates. Finding it here turns a failed INSERT (a 500, no audit
 * row) into an INVALID_REQUEST naming the field. Iterative, so any nesting the body parser let
 * through is fine.
 */
export function findUnstorableText(value: unknown, root = ''): TextProblem | null {
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length > 0) {
    const [current, path] = pending.pop() as [unknown, string];
    if (typeof current === 'string') {
      const reason = problemOf(current);
      if (reason) return { field: path || 'the body', reason };
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, `${path}[${index}]`]));
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, item] of Object.entries(current)) {
        const keyReason = problemOf(key);
        if (keyReason) return { field: path || 'the body', reason: `has a key that ${keyReason}` };
        pending.push([item, join(path, key)]);
      }
    }
  }
  return null;
}

/** Throws INVALID_REQUEST naming the field when `value` holds text that cannot be stored. */
export function rejectUnstorableText(value: unknown, root = ''): void {
  const problem = findUnstorableText(value, root);
  if (problem) throw DomainError.invalid(`${problem.field}: ${problem.reason}`, { field: problem.field });
}
