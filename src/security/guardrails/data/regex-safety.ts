import { RegexCharSet } from './regex-char-set.js';
import { UnsafeRegexError, type RegexItem, type RegexNode, type RegexSequence } from './regex-syntax-tree.js';

/**
 * A static check that refuses the regex shapes whose backtracking can explode (ReDoS). The rules,
 * each sufficient to refuse:
 *
 * 1. lookarounds and back-references (refused while parsing);
 * 2. a repeated group (`+`, `*`, `{n,m}` with m > 1) holding a variable repetition: `(a+)+`, `(a*)*`,
 *    `(a{1,3}){2,}` (a fixed count inside, `(\d{3}-){2}`, is fine);
 * 3. a repeated group that can match nothing: `(a?)*`, `(|a)+`;
 * 4. alternatives inside a repeated group that can begin with the same character: `(a|aa)+`,
 *    `(\w|\d)+` (`(cat|dog)+` is fine);
 * 5. two variable repetitions of overlapping characters with only optional items between them:
 *    `\d+\d*`, `.*\s?.*` (`\s*=\s*` is fine).
 *
 * What it lets through can still cost `O(n·k)` per position for k-long repetitions; capping every
 * unbounded repetition (see compile-deny-patterns.ts) keeps that k small.
 */
export function checkRegexSafety(alternatives: readonly RegexSequence[]): void {
  for (const sequence of alternatives) checkSequence(sequence, false);
}

function checkSequence(sequence: RegexSequence, insideRepetition: boolean): void {
  sequence.forEach((item, index) => {
    checkAdjacentRepetitions(sequence, index);
    if (item.node.kind !== 'group') return;
    const repeated = item.max > 1;
    const alternatives = item.node.alternatives;
    if (repeated && alternatives.some(containsVariableRepetition)) {
      throw new UnsafeRegexError('nested quantifiers such as (a+)+ or (a*)* can backtrack catastrophically');
    }
    if (repeated && alternatives.some(canBeEmpty)) throw new UnsafeRegexError('a repeated group that can match nothing, such as (a?)*, can backtrack catastrophically');
    if ((repeated || insideRepetition) && alternatives.length > 1) checkDisjointAlternatives(alternatives);
    for (const alternative of alternatives) checkSequence(alternative, repeated || insideRepetition);
  });
}

function checkDisjointAlternatives(alternatives: readonly RegexSequence[]): void {
  const firsts = alternatives.map(firstCharacters);
  firsts.forEach((first, index) => {
    for (const other of firsts.slice(index + 1)) {
      if (first.overlaps(other)) throw new UnsafeRegexError('alternatives inside a repeated group that can start with the same character, such as (a|aa)+, can backtrack catastrophically');
    }
  });
}

function checkAdjacentRepetitions(sequence: RegexSequence, index: number): void {
  const item = sequence[index];
  if (item === undefined || !isVariable(item)) return;
  const characters = allCharacters(item.node);
  for (const next of sequence.slice(index + 1)) {
    if (isVariable(next) && characters.overlaps(allCharacters(next.node))) {
      throw new UnsafeRegexError('two repetitions of the same characters in a row, such as \\d+\\d* or .*.*, can backtrack heavily');
    }
    if (next.min >= 1 && next.node.kind !== 'anchor') return;
  }
}

function isVariable(item: RegexItem): boolean {
  return item.max > item.min || (item.node.kind === 'group' && item.node.alternatives.some(containsVariableRepetition));
}

function containsVariableRepetition(sequence: RegexSequence): boolean {
  return sequence.some(isVariable);
}

function canBeEmpty(sequence: RegexSequence): boolean {
  return sequence.every((item) => item.min === 0 || item.node.kind === 'anchor' || (item.node.kind === 'group' && item.node.alternatives.some(canBeEmpty)));
}

/** The characters a sequence can start with (through optional items and anchors). */
function firstCharacters(sequence: RegexSequence): RegexCharSet {
  const set = new RegexCharSet();
  for (const item of sequence) {
    if (item.node.kind === 'anchor') continue;
    set.add(item.node.kind === 'group' ? item.node.alternatives.map(firstCharacters).reduce((union, next) => union.add(next), new RegexCharSet()) : item.node.set);
    const optional = item.min === 0 || (item.node.kind === 'group' && item.node.alternatives.some(canBeEmpty));
    if (!optional) break;
  }
  return set;
}

function allCharacters(node: RegexNode): RegexCharSet {
  if (node.kind === 'characters') return node.set;
  const set = new RegexCharSet();
  if (node.kind === 'group') for (const alternative of node.alternatives) for (const item of alternative) set.add(allCharacters(item.node));
  return set;
}
