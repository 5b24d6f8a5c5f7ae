import { GatewayError } from '../../core/errors.js';
import { formatParamPath } from '../invalid-request-error.js';

/**
 * Keys that reach an object's prototype machinery when a parsed body is later merged or spread;
 * JSON.parse makes them own properties, but nothing a client sends needs them.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const LETTER_U = 0x75;

/** One open object or array; `name` is where it sits in its parent, for the error's `param`. */
interface Frame {
  /** The keys seen so far, for objects; undefined for arrays. */
  keys: Set<string> | undefined;
  /** The current key (objects) or element index (arrays). */
  position: string | number;
}

function pathOf(frames: readonly Frame[]): string {
  return formatParamPath(frames.map((frame) => frame.position).filter((position) => position !== ''));
}

function refuse(frames: readonly Frame[], message: string): never {
  const param = pathOf(frames);
  throw new GatewayError('invalid_json', param === '' ? message : `${message} (at '${param}')`, param === '' ? {} : { param });
}

/** Where the next quote and backslash are, at or after the scan's position (-1: none left). */
interface NextMarks {
  quote: number;
  backslash: number;
}

function hexValue(text: string, start: number): number {
  const digits = text.slice(start, start + 4);
  return /^[0-9a-fA-F]{4}$/.test(digits) ? Number.parseInt(digits, 16) : -1;
}

/**
 * Finds the closing quote of the string opening at `start`, refusing `\u` escapes that spell a
 * lone surrogate (JSON.parse accepts them and hands on text no encoder can write). Returns -1 for
 * an unterminated string or a malformed escape, which JSON.parse then reports. Jumps with indexOf;
 * `next` remembers the next quote and backslash, so each is searched for once in the whole text
 * however many escapes a string holds.
 */
function endOfString(text: string, start: number, frames: readonly Frame[], next: NextMarks): number {
  let index = start + 1;
  for (;;) {
    if (next.quote < index) next.quote = text.indexOf('"', index);
    const quote = next.quote;
    if (quote === -1) return -1;
    if (next.backslash !== -1 && next.backslash < index) next.backslash = text.indexOf('\\', index);
    const escape = next.backslash;
    if (escape === -1 || escape > quote) return quote;
    if (text.charCodeAt(escape + 1) !== LETTER_U) {
      index = escape + 2;
      continue;
    }
    const unit = hexValue(text, escape + 2);
    if (unit === -1) return -1;
    if (unit >= 0xdc00 && unit <= 0xdfff) refuse(frames, 'request body holds a lone low surrogate escape (\\udc00-\\udfff)');
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = text.charCodeAt(escape + 6) === BACKSLASH && text.charCodeAt(escape + 7) === LETTER_U ? hexValue(text, escape + 8) : -1;
      if (low < 0xdc00 || low > 0xdfff) refuse(frames, 'request body holds a lone high surrogate escape (\\ud800-\\udbff)');
      index = escape + 12;
    } else {
      index = escape + 6;
    }
  }
}

function keyOf(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    // A malformed escape: JSON.parse reports it for the whole body.
    return undefined;
  }
}

/**
 * One linear pass over a JSON text before it is parsed, refusing what JSON.parse would accept
 * but the gateway must not: nesting deeper than `maxDepth` (checked before any recursive code
 * sees the value), duplicate keys (JSON.parse silently keeps the last, so two parsers could read
 * different requests from one body), prototype keys, and lone surrogate escapes. Syntax errors
 * are left to JSON.parse, which words them better; this pass only must not be fooled by them.
 */
export function scanJsonText(text: string, maxDepth: number): void {
  const frames: Frame[] = [];
  const next: NextMarks = { quote: -1, backslash: text.indexOf('\\') };
  let expectKey = false;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = endOfString(text, index, frames, next);
      if (end === -1) return;
      const frame = frames[frames.length - 1];
      if (expectKey && frame?.keys !== undefined) {
        const key = keyOf(text, index, end);
        if (key === undefined) return;
        frame.position = key;
        if (PROTOTYPE_KEYS.has(key)) refuse(frames, `request body holds the key '${key}', which is refused at any depth`);
        if (frame.keys.has(key)) refuse(frames, `request body holds the key '${key}' twice in one object`);
        frame.keys.add(key);
        expectKey = false;
      }
      index = end;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (frames.length >= maxDepth) refuse(frames, `request body nests deeper than ${maxDepth} levels`);
      const isObject = code === OPEN_OBJECT;
      frames.push({ keys: isObject ? new Set() : undefined, position: isObject ? '' : 0 });
      expectKey = isObject;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      frames.pop();
      expectKey = false;
    } else if (code === COMMA) {
      const frame = frames[frames.length - 1];
      if (frame === undefined) continue;
      if (frame.keys === undefined) frame.position = (frame.position as number) + 1;
      expectKey = frame.keys !== undefined;
    }
  }
}
