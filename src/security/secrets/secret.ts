import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * A credential that refuses to print: `console.log`, `util.inspect`, `JSON.stringify`, template
 * strings and string concatenation all show `[secret]`. The value lives in a private field, so it
 * is not an enumerable property that a spread, a structured clone or a logger could copy; the one
 * way out is `reveal()`, called where the value is written to the wire.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    if (value === '') throw new TypeError('a secret cannot be empty');
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
