/** Luhn (mod 10) over the digits of `text`; other characters (spaces, dashes) are skipped. */
export function passesLuhn(text: string): boolean {
  let sum = 0;
  let digits = 0;
  for (let index = text.length - 1; index >= 0; index--) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) continue;
    const doubled = digits % 2 === 1 ? code * 2 : code;
    sum += doubled > 9 ? doubled - 9 : doubled;
    digits++;
  }
  return digits > 0 && sum % 10 === 0;
}
