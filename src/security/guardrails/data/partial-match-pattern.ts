/**
 * Builds, from a detector's pattern, a pattern that matches wherever the text from that point to the
 * end of the input is the beginning of a match (or a whole match that could still grow). The output
 * filter holds back exactly that tail of a stream and releases everything before it at once.
 *
 * For a sequence `a b c` the beginnings are: a beginning of `a` at the end of the input, or a whole
 * `a` then a beginning of `b c`, and so on; a repeated item `x{m,n}` contributes up to n-1 whole
 * copies then a beginning of one more. Look-arounds are kept as they are (a negative look-ahead at
 * the end of the input holds, which errs on the side of holding). Capture groups become
 * non-capturing, so the built pattern has no duplicate group names.
 */

type Node =
  | { kind: 'character'; source: string }
  | { kind: 'zero-width'; open: string; alternatives: Term[][] | undefined }
  | { kind: 'group'; alternatives: Term[][] };

interface Term {
  node: Node;
  min: number;
  max: number;
}

/** Thrown inside the parser for what the builder does not handle (back-references). */
class UnsupportedRegex extends Error {}

const QUANTIFIER = /^(?:\*|\+|\?|\{([0-9]+)(?:(,)([0-9]*))?\})\??/;

/**
 * The partial-match pattern of `pattern` (flags `g`, plus `i` when `pattern` has it), or undefined
 * when the pattern uses what the builder does not handle: back-references, flags other than
 * `g`, `d`, `i`. The caller then falls back to a fixed window.
 */
export function partialMatchPattern(pattern: RegExp): RegExp | undefined {
  if (/[^gdi]/.test(pattern.flags)) return undefined;
  try {
    const parser = new Parser(pattern.source);
    const alternatives = parser.alternatives();
    if (!parser.done()) return undefined;
    return new RegExp(partialOfAlternatives(alternatives), pattern.ignoreCase ? 'gi' : 'g');
  } catch (error) {
    if (error instanceof UnsupportedRegex || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function quantifier(min: number, max: number): string {
  if (min === 1 && max === 1) return '';
  if (max === Infinity) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function whole(term: Term): string {
  const node = term.node;
  if (node.kind === 'character') return node.source + quantifier(term.min, term.max);
  if (node.kind === 'zero-width') return node.alternatives === undefined ? node.open : `${node.open}${wholeAlternatives(node.alternatives)})`;
  return `(?:${wholeAlternatives(node.alternatives)})${quantifier(term.min, term.max)}`;
}

function wholeAlternatives(alternatives: Term[][]): string {
  return alternatives.map((sequence) => sequence.map(whole).join('')).join('|');
}

function partialOfAlternatives(alternatives: Term[][]): string {
  return `(?:${alternatives.map((sequence) => partialOfSequence(sequence, 0)).join('|')})`;
}

/** A beginning of `sequence[index…]` that reaches the end of the input. */
function partialOfSequence(sequence: Term[], index: number): string {
  const term = sequence[index];
  if (term === undefined) return '$';
  const rest = partialOfSequence(sequence, index + 1);
  const node = term.node;
  if (node.kind === 'zero-width') {
    // A look-ahead that fails now may pass once more text comes: let a beginning of it pass too.
    const ahead = node.open === '(?=' && node.alternatives !== undefined ? `(?=${wholeAlternatives(node.alternatives)}|${partialOfAlternatives(node.alternatives)})` : whole(term);
    return `(?:$|${ahead}${rest})`;
  }
  if (term.max === 0) return rest;
  if (node.kind === 'character') {
    // A run of single characters: any number of them up to the bound, then the end of the input.
    return `(?:${node.source}${quantifier(0, term.max)}$|${whole(term)}${rest})`;
  }
  const repeated = `(?:${wholeAlternatives(node.alternatives)})${quantifier(0, term.max === Infinity ? Infinity : term.max - 1)}`;
  return `(?:${repeated}${partialOfAlternatives(node.alternatives)}|${whole(term)}${rest})`;
}

/** A recursive-descent reader of the regex syntax accepted without the `u` flag (Annex B). */
class Parser {
  #position = 0;

  constructor(private readonly source: string) {}

  alternatives(): Term[][] {
    const alternatives: Term[][] = [[]];
    while (this.#position < this.source.length) {
      const character = this.source.charAt(this.#position);
      if (character === ')') return alternatives;
      if (character === '|') {
        this.#position += 1;
        alternatives.push([]);
        continue;
      }
      const node = this.#atom();
      const [min, max] = node.kind === 'zero-width' ? [1, 1] : this.#quantifier();
      alternatives.at(-1)?.push({ node, min, max });
    }
    return alternatives;
  }

  done(): boolean {
    return this.#position === this.source.length;
  }

  #atom(): Node {
    const rest = this.source.slice(this.#position);
    const character = rest.charAt(0);
    if (character === '(') return this.#group(rest);
    if (character === '[') return { kind: 'character', source: this.#take(this.#classLength(rest)) };
    if (character === '^' || character === '$') return { kind: 'zero-width', open: this.#take(1), alternatives: undefined };
    if (character !== '\\') return { kind: 'character', source: this.#take(1) };
    const escaped = rest.charAt(1);
    if (escaped === 'b' || escaped === 'B') return { kind: 'zero-width', open: this.#take(2), alternatives: undefined };
    if (/[1-9]/.test(escaped) || escaped === 'k') throw new UnsupportedRegex('back-reference');
    return { kind: 'character', source: this.#take(escapeLength(rest)) };
  }

  #group(rest: string): Node {
    const look = /^\(\?<?[=!]/.exec(rest);
    const named = /^\(\?<[A-Za-z_$][A-Za-z0-9_$]*>/.exec(rest);
    const opening = look?.[0] ?? named?.[0] ?? (rest.startsWith('(?:') ? '(?:' : '(');
    this.#position += opening.length;
    const alternatives = this.alternatives();
    if (this.source.charAt(this.#position) !== ')') throw new UnsupportedRegex('unbalanced group');
    this.#position += 1;
    return look === null ? { kind: 'group', alternatives } : { kind: 'zero-width', open: opening, alternatives };
  }

  #classLength(rest: string): number {
    let index = 1;
    if (rest.charAt(index) === '^') index += 1;
    // In JavaScript `[]` is an empty class and `[^]` any character: `]` right after `[` closes it.
    for (; index < rest.length; index++) {
      const character = rest.charAt(index);
      if (character === '\\') index += 1;
      else if (character === ']') return index + 1;
    }
    throw new UnsupportedRegex('unterminated class');
  }

  #quantifier(): [number, number] {
    const match = QUANTIFIER.exec(this.source.slice(this.#position));
    if (match === null) return [1, 1];
    this.#position += match[0].length;
    const symbol = match[0].charAt(0);
    if (symbol === '*') return [0, Infinity];
    if (symbol === '+') return [1, Infinity];
    if (symbol === '?') return [0, 1];
    const min = Number(match[1]);
    if (match[2] === undefined) return [min, min];
    return [min, match[3] === '' || match[3] === undefined ? Infinity : Number(match[3])];
  }

  #take(length: number): string {
    const text = this.source.slice(this.#position, this.#position + length);
    this.#position += length;
    return text;
  }
}

/** Length of one escape (`\d`, `\.`, `\x41`, `\u0041`, `\cA`) at the start of `rest`. */
function escapeLength(rest: string): number {
  const escaped = rest.charAt(1);
  if (escaped === 'x' && /^\\x[0-9A-Fa-f]{2}/.test(rest)) return 4;
  if (escaped === 'u' && /^\\u[0-9A-Fa-f]{4}/.test(rest)) return 6;
  if (escaped === 'c' && /^\\c[A-Za-z]/.test(rest)) return 3;
  return 2;
}
