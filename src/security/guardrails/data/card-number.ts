import { passesLuhn } from './luhn.js';

/**
 * A payment card number: 13 to 19 digits, one kind of separator used consistently in groups of 3 to
 * 6, an issuer prefix whose network uses that length, and a valid Luhn digit. The issuer check
 * matters: one random digit string in ten passes Luhn.
 */
export function isValidCardNumber(text: string): boolean {
  const separators = new Set(text.replace(/[0-9]/g, ''));
  if (separators.size > 1) return false;
  if (separators.size === 1 && text.split(/[ -]/).some((group) => group.length < 3 || group.length > 6)) return false;
  const digits = text.replace(/[^0-9]/g, '');
  return issuerAcceptsLength(digits) && passesLuhn(digits);
}

function issuerAcceptsLength(digits: string): boolean {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith('4')) return length === 13 || length === 16 || length === 19; // Visa
  if (two === 34 || two === 37) return length === 15; // American Express
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16; // Mastercard
  if (digits.startsWith('6')) return length >= 16 && length <= 19; // Discover, UnionPay, Maestro
  if (four >= 3528 && four <= 3589) return length >= 16 && length <= 19; // JCB
  if (two === 30 || two === 36 || two === 38 || two === 39) return length >= 14 && length <= 19; // Diners
  return false;
}
