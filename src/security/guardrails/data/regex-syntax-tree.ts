import { RegexCharSet } from './regex-char-set.js';

/** The shape of a JavaScript regex, as much as the safety check needs (no flags `u`/`v`). */
export type RegexNode =
  | { kind: 'characters'; set: RegexCharSet }
  | { kind: 'anchor' }
  | { kind: 'group'; alternatives: RegexSequence[] };

export interface RegexItem {
  node: RegexNode;
  min: number;
  /** `Infinity` for `*`, `+`, `{n,}` in the source; the rewritten source caps them. */
  max: number;
}

export type RegexSequence = RegexItem[];

export interface ParsedRegex {
  alternatives: RegexSequence[];
  /** The source with every unbounded repetition capped at `repetitionCap`. */
  cappedSource: string;
}

/** Thrown for constructs the gateway refuses outright; `message` is the reason. */
export class UnsafeRegexError extends Error {
  override readonly name = 'UnsafeRegexError';
}

const QUANTIFIER = /^\{([0-9]+)(,([0-9]*))?\}/;
/** Above this an explicit bound is refused: each attempt at each position would cost that much. */
export const MAX_EXPLICIT_REPETITION = 1000;

/** Parses a regex source that `new RegExp(source)` already accepted. */
export function parseRegex(source: string, options: { ignoreCase: boolean; repetitionCap: number }): ParsedRegex {
  const parser = new RegexParser(source, options.ignoreCase, options.repetitionCap);
  const alternatives = parser.alternatives(false);
  return { alternatives, cappedSource: parser.output };
}

class RegexParser {
  output = '';
  #position = 0;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
    private readonly repetitionCap: number,
  ) {}

  alternatives(insideGroup: boolean): RegexSequence[] {
    const alternatives: RegexSequence[] = [[]];
    while (this.#position < this.source.length) {
      const character = this.source.charAt(this.#position);
      if (character === ')' && insideGroup) return alternatives;
      if (character === '|') {
        this.#emit(1);
        alternatives.push([]);
        continue;
      }
      const node = this.#atom();
      const [min, max] = node.kind === 'anchor' ? [1, 1] : this.#quantifier();
      alternatives.at(-1)?.push({ node, min, max });
    }
    return alternatives;
  }

  #emit(length: number): string {
    const text = this.source.slice(this.#position, this.#position + length);
    this.output += text;
    this.#position += length;
    return text;
  }

  #atom(): RegexNode {
    const rest = this.source.slice(this.#position);
    if (rest.startsWith('(')) return this.#group(rest);
    if (rest.startsWith('[')) return this.#characterClass();
    if (rest.startsWith('\\')) return this.#escape(rest.charAt(1));
    const character = this.#emit(1);
    if (character === '^' || character === '$') return { kind: 'anchor' };
    if (character === '.') return { kind: 'characters', set: RegexCharSet.any() };
    return { kind: 'characters', set: RegexCharSet.of(character, this.ignoreCase) };
  }

  #group(rest: string): RegexNode {
    if (/^\(\?<?[=!]/.test(rest)) throw new UnsafeRegexError('lookarounds ((?=…), (?!…), (?<=…), (?<!…)) are not allowed');
    const opener = /^\(\?<[A-Za-z_$][\w$]*>/.exec(rest)?.[0] ?? (rest.startsWith('(?:') ? '(?:' : '(');
    this.#emit(opener.length);
    const alternatives = this.alternatives(true);
    this.#emit(1);
    return { kind: 'group', alternatives };
  }

  #characterClass(): RegexNode {
    const start = this.#position;
    let index = start + 1;
    const negated = this.source.charAt(index) === '^';
    if (negated) index++;
    const set = new RegexCharSet();
    // A `]` right after `[` or `[^` closes an empty class in JavaScript.
    while (index < this.source.length && this.source.charAt(index) !== ']') {
      const first = this.#classElement(index);
      index = first.next;
      const isRange = this.source.charAt(index) === '-' && index + 1 < this.source.length && this.source.charAt(index + 1) !== ']';
      if (isRange && first.code !== undefined) {
        const last = this.#classElement(index + 1);
        index = last.next;
        if (last.code !== undefined) set.add(RegexCharSet.range(first.code, last.code, this.ignoreCase));
        // `[a-\d]`: without the `u` flag the dash is then literal.
        else set.addCharacter(first.code, this.ignoreCase).addCharacter(45, false).add(last.set);
        continue;
      }
      if (first.code !== undefined) set.addCharacter(first.code, this.ignoreCase);
      else set.add(first.set);
    }
    this.#emit(index + 1 - start);
    return { kind: 'characters', set: negated ? set.invert() : set };
  }

  #classElement(index: number): { code: number; next: number } | { code: undefined; set: RegexCharSet; next: number } {
    if (this.source.charAt(index) !== '\\') return { code: this.source.charCodeAt(index), next: index + 1 };
    const escaped = this.source.charAt(index + 1);
    const classSet = RegexCharSet.forClassEscape(escaped);
    if (classSet !== undefined) return { code: undefined, set: classSet, next: index + 2 };
    const hex = /^\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4}))/.exec(this.source.slice(index));
    if (hex !== null) return { code: parseInt(hex[1] ?? hex[2] ?? '0', 16), next: index + hex[0].length };
    return { code: escaped === 'b' ? 8 : escapedCode(escaped), next: index + 2 };
  }

  #escape(escaped: string): RegexNode {
    if (/[1-9]/.test(escaped) || escaped === 'k') throw new UnsafeRegexError('back-references (\\1, \\k<name>) are not allowed');
    const escapeLength = /^\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|c[A-Za-z])/.exec(this.source.slice(this.#position))?.[0].length ?? 2;
    const text = this.#emit(escapeLength);
    if (escaped === 'b' || escaped === 'B') return { kind: 'anchor' };
    const classSet = RegexCharSet.forClassEscape(escaped);
    if (classSet !== undefined) return { kind: 'characters', set: classSet };
    if (escapeLength > 2) return { kind: 'characters', set: RegexCharSet.any() };
    return { kind: 'characters', set: new RegexCharSet().addCharacter(escapedCode(text.charAt(1)), this.ignoreCase) };
  }

  #quantifier(): [number, number] {
    const rest = this.source.slice(this.#position);
    const symbol = rest.charAt(0);
    let bounds: [number, number];
    let length = 1;
    const braces = QUANTIFIER.exec(rest);
    if (symbol === '*') bounds = [0, Infinity];
    else if (symbol === '+') bounds = [1, Infinity];
    else if (symbol === '?') bounds = [0, 1];
    else if (braces !== null) {
      const min = Number(braces[1]);
      bounds = [min, braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3])];
      length = braces[0].length;
    } else return [1, 1];
    if (bounds[0] > MAX_EXPLICIT_REPETITION || (bounds[1] !== Infinity && bounds[1] > MAX_EXPLICIT_REPETITION)) {
      throw new UnsafeRegexError(`repetition bounds above ${MAX_EXPLICIT_REPETITION} are not allowed`);
    }
    this.#position += length;
    this.output += bounds[1] === Infinity ? `{${bounds[0]},${Math.max(bounds[0], this.repetitionCap)}}` : rest.slice(0, length);
    if (this.source.charAt(this.#position) === '?') this.#emit(1);
    return bounds;
  }
}

const ESCAPED_CONTROLS: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };

function escapedCode(letter: string): number {
  return ESCAPED_CONTROLS[letter] ?? letter.charCodeAt(0);
}
