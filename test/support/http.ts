import type { ErrorBody } from '../../apps/api/src/http/error-response';

export type { ErrorBody };

/** What a value of T becomes after JSON.stringify and JSON.parse: dates arrive as ISO strings. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/**
 * A Fastify `inject` response's body read as the app's response DTO `T` (light-my-request types
 * `json()` as `any`, which would let every property access through unchecked).
 */
export function json<T>(response: { json(): unknown }): Jsonified<T> {
  return response.json() as Jsonified<T>;
}

/** An answer that is either the response DTO `T` or the contract's error body (a test reads whichever it expects). */
export type BodyOrError<T> = Jsonified<T> & Partial<ErrorBody>;
