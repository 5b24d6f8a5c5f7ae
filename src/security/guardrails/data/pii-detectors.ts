import { isValidCardNumber } from './card-number.js';
import { detectorPattern, WORD_END, WORD_START, type Detector } from './detector.js';
import { isValidIban } from './iban-checksum.js';
import { isValidCanadianSin, isValidSpanishId, isValidUkNino, isValidUsSsn } from './national-id-checks.js';
import { isValidPhoneNumber } from './phone-number.js';

/** Digit runs must not continue a longer number on either side (`(?<!…)` looks one separator back). */
const NUMBER_START = String.raw`(?<![0-9]|[0-9][ .-])`;
const NUMBER_END = String.raw`(?![0-9])`;

function pii(id: string, placeholder: string, source: string, isValid?: (candidate: string) => boolean): Detector {
  const detector: Detector = { id, category: 'pii', placeholder: `[REDACTED_${placeholder}]`, pattern: detectorPattern(source) };
  return isValid === undefined ? detector : { ...detector, isValid };
}

function email(): Detector {
  // Domain labels end at a dot, so the label and TLD repetitions cannot trade characters. The local
  // part has no literal to search for, so text without an `@` is not scanned at all.
  const source = `${WORD_START}[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9-]{1,63}\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])`;
  return { ...pii('email', 'EMAIL', source), requires: '@' };
}

/**
 * Personal data, most specific first (on equal spans the earlier detector names the finding).
 * Every repetition is bounded, which also bounds how long the output filter holds a beginning back.
 */
export const PII_DETECTORS: readonly Detector[] = Object.freeze([
  email(),
  pii('iban', 'IBAN', String.raw`(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])`, isValidIban),
  // One digit, then each further digit optionally after one separator: a single way to read any input.
  pii('card', 'CARD', String.raw`(?<![0-9]|[0-9][ -])[0-9](?:[ -]?[0-9]){12,18}${NUMBER_END}`, isValidCardNumber),
  pii('us_ssn', 'US_SSN', String.raw`${NUMBER_START}[0-9]{3}(?:-[0-9]{2}-| [0-9]{2} )[0-9]{4}(?![0-9]|-[0-9])`, isValidUsSsn),
  pii('uk_nino', 'UK_NINO', `${WORD_START}[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]${WORD_END}`, isValidUkNino),
  pii('es_dni', 'ES_DNI', `${WORD_START}(?:[0-9]{8}|[XYZ][0-9]{7})-?[A-Z]${WORD_END}`, isValidSpanishId),
  pii('ca_sin', 'CA_SIN', String.raw`${NUMBER_START}[1-79][0-9]{2}(?: [0-9]{3} |-[0-9]{3}-)[0-9]{3}${NUMBER_END}`, isValidCanadianSin),
  // International: `+`, country code, digit runs each after exactly one separator or a `(…)` area code.
  pii('phone', 'PHONE', String.raw`(?<![A-Za-z0-9_+])\+[1-9][0-9]{0,14}(?:(?:[ .-]|[ .-]?\([0-9]{1,4}\)[ .-]?)[0-9]{1,15}){0,6}${NUMBER_END}`, isValidPhoneNumber),
  // North American: area code and exchange start with 2-9; separators required.
  pii('phone', 'PHONE', String.raw`${NUMBER_START}(?:1[ .-]?)?(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}(?![0-9]|[.-][0-9])`),
  // National with a trunk 0 (UK, FR, DE, IT, NL, AU…), grouped; UK mobiles also written unbroken.
  pii('phone', 'PHONE', String.raw`${NUMBER_START}(?:0[1-9][0-9]{0,4}(?:[ .-][0-9]{2,8}){1,4}|07[0-9]{9})${NUMBER_END}`, isValidPhoneNumber),
]);
