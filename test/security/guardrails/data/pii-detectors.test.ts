import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidCardNumber } from '../../../../src/security/guardrails/data/card-number.js';
import { isValidIban } from '../../../../src/security/guardrails/data/iban-checksum.js';
import { passesLuhn } from '../../../../src/security/guardrails/data/luhn.js';
import { detectorIds } from './data-guard-fixtures.js';

function assertFinds(detector: string, samples: readonly string[]): void {
  for (const sample of samples) assert.deepEqual(detectorIds(sample), [detector], sample);
}

function assertIgnores(samples: readonly string[]): void {
  for (const sample of samples) assert.deepEqual(detectorIds(sample), [], sample);
}

test('emails are found in prose, brackets, JSON and after an escaped newline', () => {
  assertFinds('email', ['write to jane.doe@example.com today', '<ops+alerts@mail.example.co.uk>', '{"to":"a_b@example.io"}', String.raw`line\njohn@example.org`]);
  assertIgnores(['user@localhost', 'npm i @types/node', 'ping @alice', 'foo@bar', 'a regex [a-z]+@[a-z]+']);
});

test('Luhn: valid numbers pass, a changed digit fails', () => {
  assert.equal(passesLuhn('4111111111111111'), true);
  assert.equal(passesLuhn('4111 1111 1111 1111'), true);
  assert.equal(passesLuhn('4111111111111112'), false);
  assert.equal(passesLuhn(''), false);
});

test('card numbers: Luhn-checked, spaces or dashes used consistently, issuer length respected', () => {
  assertFinds('card', ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '5555 5555 5555 4444', '3782 822463 10005', '6011 1111 1111 1117', 'pay with 2223000048400011 now']);
  assert.equal(isValidCardNumber('4111 1111-1111 1111'), false, 'mixed separators');
  assert.equal(isValidCardNumber('41 11111111111111'), false, 'a two-digit group');
  assert.equal(isValidCardNumber('1234567812345670'), false, 'no issuer starts with 1');
  assertIgnores(['4111 1111 1111 1112', '4111-1111-1111-1110', 'order 5555555555554440', '0000 0000 0000 0000', 'id 41111111111111111111111']);
});

test('IBANs: country length and mod-97 checked, compact or in groups of four', () => {
  assertFinds('iban', ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'GB82 WEST 1234 5698 7654 32', 'NL91ABNA0417164300', 'FR1420041010050500013M02606']);
  assert.equal(isValidIban('DE89370400440532013000'), true);
  assert.equal(isValidIban('DE88370400440532013000'), false, 'checksum');
  assert.equal(isValidIban('DE8937040044053201300'), false, 'length');
  assert.equal(isValidIban('XX89370400440532013000'), false, 'country');
  assertIgnores(['DE88 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 33', 'AB12CDEF34567890']);
});

test('US SSNs: dashed or spaced, never-issued areas, groups and serials refused', () => {
  assertFinds('us_ssn', ['SSN 123-45-6789', 'ssn: 078 05 1121', 'id 665-12-3456.']);
  assertIgnores(['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '2024-01-15', '1123-45-6789']);
});

test('UK NINOs: letter rules and unused prefixes', () => {
  assertFinds('uk_nino', ['AB123456C', 'AB 12 34 56 C', 'nino JG103759A']);
  assertIgnores(['QQ123456C', 'GB123456A', 'AB123456E', 'DA123456A', 'ab123456c']);
});

test('Spanish DNI and NIE: the letter is the number mod 23', () => {
  assertFinds('es_dni', ['12345678Z', 'DNI 12345678-Z', 'NIE X1234567L', 'Y0000000Z']);
  assertIgnores(['12345678A', 'X1234567A', '123456789Z']);
});

test('Canadian SINs: grouped 3-3-3 and Luhn-checked', () => {
  assertFinds('ca_sin', ['SIN 130 692 544', '130-692-544']);
  assertIgnores(['130 692 545', '046 454 286', '830 692 544']);
});

test('phone numbers: international, North American and national with a trunk 0', () => {
  assertFinds('phone', [
    '+44 20 7946 0958',
    '+44 (0)20 7946 0958',
    '+1 (415) 555-2671',
    '+14155552671',
    '+33 6 12 34 56 78',
    '+81-3-1234-5678',
    '(212) 555-0147',
    '415-555-2671',
    '415.555.2671',
    '020 7946 0958',
    '07700 900123',
    '07700900123',
    '06 12 34 56 78',
    '06.12.34.56.78',
    '030 12345678',
  ]);
  assertIgnores([
    '2024-01-15',
    '01.02.2024 10:30',
    '01-02-2024 12:00',
    'version 1.2.3',
    'x+1 2 3',
    '+5 10',
    'ext. 4412',
    '192.168.10.254',
    'ISBN 978-3-16-148410-0',
    '1 2 3 4 5 6 7 8 9 10',
    'build 20240611.3',
    '123-4567',
    '0123456789',
  ]);
});

test('look-alikes are not personal data: UUIDs, hashes, versions, prices, timestamps', () => {
  assertIgnores([
    '123e4567-e89b-12d3-a456-426614174000',
    '9fceb02d0ae598e95dc970b74767f19372d61af8',
    'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4',
    '$1,234,567.89',
    '1700000000123',
    'Population 8 336 817',
  ]);
});
