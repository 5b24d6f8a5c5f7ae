/**
 * A phone number candidate: 8 to 15 digits (E.164 allows 15; fewer than 8 is a local extension or
 * a small number), not counting a `(0)` trunk marker. National numbers (no `+`) use one kind of
 * separator, which turns away dates and times written with mixed separators (`01-02-2024 12`).
 */
export function isValidPhoneNumber(text: string): boolean {
  const withoutTrunk = text.replace('(0)', '');
  const digits = withoutTrunk.replace(/[^0-9]/g, '').length;
  if (digits < 8 || digits > 15) return false;
  // A leading `+` is signal enough; national numbers also need 10 digits and one kind of separator.
  if (text.startsWith('+')) return true;
  if (digits < 10) return false;
  return new Set(text.replace(/[0-9]/g, '')).size <= 1;
}
