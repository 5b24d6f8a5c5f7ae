/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, `undefined` members left
 * out, strings and numbers as JSON.stringify writes them. The record MAC is computed over this
 * form, so a verifier that parses a line and canonicalises it again gets the very same bytes no
 * matter how the line itself was laid out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
      // The same shortest round-trip form JSON.stringify writes (and -0 as 0).
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  let text = '[';
  for (let index = 0; index < items.length; index += 1) {
    if (index > 0) text += ',';
    const item = items[index];
    text += item === undefined ? 'null' : canonicalJson(item);
  }
  return `${text}]`;
}

function canonicalObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (!first) text += ',';
    first = false;
    text += `${canonicalString(key)}:${canonicalJson(member)}`;
  }
  return `${text}}`;
}

/** Printable ASCII with no quote or backslash needs no escaping: the common case, on the hot path. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function canonicalString(text: string): string {
  // JSON.stringify escapes quotes, backslashes, every control character and lone surrogates, so
  // no value can end a line or a string early.
  return PLAIN_ASCII.test(text) ? `"${text}"` : JSON.stringify(text);
}
