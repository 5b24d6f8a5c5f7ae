/**
 * The literal words a phrase pattern can start with ("ignore", "disregard", …), read from its
 * source. The matcher finds every anchor in one pass over the text and tries a rule only where one
 * of its anchors stands, instead of running every rule over the whole text. `undefined` means the
 * pattern can start with something that is not a literal (an optional group, a class, an escape)
 * and must be run over the whole text.
 */
export function leadingAnchors(pattern: string): string[] | undefined {
  const anchors: string[] = [];
  for (const alternative of splitTopLevel(pattern)) {
    const found = alternativeAnchors(alternative);
    if (found === undefined) return undefined;
    anchors.push(...found);
  }
  return anchors;
}

const LEADING_LITERAL = /^[\p{L}\p{N}]+/u;
const QUANTIFIER = /^[?*{]/;

function alternativeAnchors(alternative: string): string[] | undefined {
  // A lookbehind consumes nothing: the anchor is what follows it.
  if (alternative.startsWith('(?<=') || alternative.startsWith('(?<!')) {
    const end = closingParenthesis(alternative);
    return end === -1 ? undefined : alternativeAnchors(alternative.slice(end + 1));
  }
  if (alternative.startsWith('(?:')) {
    const end = closingParenthesis(alternative);
    if (end === -1 || QUANTIFIER.test(alternative.slice(end + 1))) return undefined;
    return leadingAnchors(alternative.slice(3, end));
  }
  const literal = LEADING_LITERAL.exec(alternative)?.[0];
  if (literal === undefined) return undefined;
  // "anti-?dan": the quantifier after the literal makes its last character optional.
  const anchor = QUANTIFIER.test(alternative.slice(literal.length)) ? literal.slice(0, -1) : literal;
  return anchor === '' ? undefined : [anchor.toLowerCase()];
}

function closingParenthesis(source: string): number {
  let depth = 0;
  for (let index = 0; index < source.length; index += 1) {
    const character = source[index];
    if (character === '\\') index += 1;
    else if (character === '(') depth += 1;
    else if (character === ')' && --depth === 0) return index;
  }
  return -1;
}

function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < source.length; index += 1) {
    const character = source[index];
    if (character === '\\') index += 1;
    else if (character === '(' || character === '[') depth += 1;
    else if (character === ')' || character === ']') depth -= 1;
    else if (character === '|' && depth === 0) {
      parts.push(source.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}
