/**
 * The characters a regex atom can match, coarse enough for a static safety check: each ASCII
 * character on its own, and beyond ASCII two buckets, white space and the rest (so that `\s` and
 * `\S` stay disjoint). Two sets overlap when some character could be matched by both.
 */
export class RegexCharSet {
  static readonly #size = 130;
  static readonly #nonAsciiSpace = 128;
  static readonly #nonAsciiOther = 129;
  readonly #members = new Uint8Array(RegexCharSet.#size);

  static of(characters: string, ignoreCase: boolean): RegexCharSet {
    const set = new RegexCharSet();
    for (let index = 0; index < characters.length; index++) set.addCharacter(characters.charCodeAt(index), ignoreCase);
    return set;
  }

  static any(): RegexCharSet {
    return new RegexCharSet().invert();
  }

  /** `\d`, `\w`, `\s` and their upper-case complements; undefined for other letters. */
  static forClassEscape(letter: string): RegexCharSet | undefined {
    const lower = letter.toLowerCase();
    let set: RegexCharSet;
    if (lower === 'd') set = RegexCharSet.range(48, 57);
    else if (lower === 'w') set = RegexCharSet.range(48, 57).add(RegexCharSet.range(65, 90)).add(RegexCharSet.range(97, 122)).add(RegexCharSet.of('_', false));
    else if (lower === 's') set = RegexCharSet.of(' \t\n\r\v\f\u00a0', false);
    else return undefined;
    return letter === lower ? set : set.invert();
  }

  static range(first: number, last: number, ignoreCase = false): RegexCharSet {
    const set = new RegexCharSet();
    // A range reaching beyond ASCII touches both buckets; no need to visit every code point.
    for (let code = first; code <= Math.min(last, 127); code++) set.addCharacter(code, ignoreCase);
    if (last >= 128) set.#members[RegexCharSet.#nonAsciiSpace] = set.#members[RegexCharSet.#nonAsciiOther] = 1;
    return set;
  }

  addCharacter(code: number, ignoreCase: boolean): this {
    if (code >= 128) {
      this.#members[/\s/.test(String.fromCharCode(code)) ? RegexCharSet.#nonAsciiSpace : RegexCharSet.#nonAsciiOther] = 1;
      return this;
    }
    this.#members[code] = 1;
    if (ignoreCase) {
      const character = String.fromCharCode(code);
      this.#members[character.toLowerCase().charCodeAt(0)] = 1;
      this.#members[character.toUpperCase().charCodeAt(0)] = 1;
    }
    return this;
  }

  add(other: RegexCharSet): this {
    for (let index = 0; index < RegexCharSet.#size; index++) if (other.#members[index] === 1) this.#members[index] = 1;
    return this;
  }

  invert(): this {
    for (let index = 0; index < RegexCharSet.#size; index++) this.#members[index] = this.#members[index] === 1 ? 0 : 1;
    return this;
  }

  overlaps(other: RegexCharSet): boolean {
    for (let index = 0; index < RegexCharSet.#size; index++) if (this.#members[index] === 1 && other.#members[index] === 1) return true;
    return false;
  }
}
