import { maskSecrets } from './mask-secrets.js';

/** Log objects are shallow; past this depth nothing is walked (and nothing is lost: it is kept as is). */
const MAX_DEPTH = 8;

/**
 * Returns a copy of a log object with `maskSecrets` applied to every string in it: in plain
 * objects, arrays and errors (message, stack, `cause` and own fields). Other class instances are
 * kept as they are: they have their own serializers, and walking a socket or a request object is
 * neither cheap nor useful. The input is never modified.
 */
export function maskSecretsInValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => maskSecretsInValue(item, depth + 1));
  if (value instanceof Error) return maskError(value, depth);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = maskSecretsInValue(item, depth + 1);
  return copy;
}

/** A copy of the same class, so that pino's error serializer still names its type. */
function maskError(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor === undefined || !('value' in descriptor)) continue;
    Object.defineProperty(copy, key, { ...descriptor, value: maskSecretsInValue(descriptor.value, depth + 1) });
  }
  return copy;
}
