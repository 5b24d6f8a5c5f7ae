import { passesLuhn } from './luhn.js';

/**
 * Structure and checksum rules of the national identifiers the data guard knows. Each takes the
 * candidate exactly as matched (separators included).
 */

function digitsOf(text: string): string {
  return text.replace(/[^0-9]/g, '');
}

/** US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000 (SSA rules since 2011). */
export function isValidUsSsn(text: string): boolean {
  const digits = digitsOf(text);
  const area = digits.slice(0, 3);
  return area !== '000' && area !== '666' && !area.startsWith('9') && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

const NINO_UNUSED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** UK National Insurance number: the letter rules live in the pattern; some prefixes were never issued. */
export function isValidUkNino(text: string): boolean {
  return !NINO_UNUSED_PREFIXES.has(text.slice(0, 2).toUpperCase());
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): the letter is the number mod 23. */
export function isValidSpanishId(text: string): boolean {
  const compact = text.replaceAll('-', '').toUpperCase();
  const prefix = 'XYZ'.indexOf(compact.charAt(0));
  const number = Number((prefix >= 0 ? String(prefix) : '') + compact.slice(prefix >= 0 ? 1 : 0, -1));
  return DNI_LETTERS.charAt(number % 23) === compact.slice(-1);
}

/** Canadian SIN: Luhn-checked; 0 and 8 were never issued as first digits (the pattern excludes them). */
export function isValidCanadianSin(text: string): boolean {
  return passesLuhn(text);
}
