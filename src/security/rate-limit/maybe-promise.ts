/**
 * A value now or later. The in-memory store answers synchronously, which keeps its check-and-take
 * atomic on the event loop; a shared store (Redis) answers with a promise and gets atomicity from
 * the server (a script) instead.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}
