/**
 * An input the controller read (a multipart form, a query): its value, or why it could not be read.
 * A failure is handed to the service as a value, not thrown, because the service audits every
 * authenticated call, the malformed ones too.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs a reader and keeps its outcome, value or error; never throws. */
export async function parse<T>(read: () => T | Promise<T>): Promise<Parsed<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The value, or the reader's error thrown where the service decides it counts (after its own checks). */
export function valueOf<T>(input: Parsed<T>): T {
  if (!input.ok) throw input.error;
  return input.value;
}
