const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s`, `15m`, `12h`, `30d` → milliseconds. Anything else (including 0 and fractions) is an error. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (match === null) throw new Error(`invalid duration "${text}": use a whole number followed by s, m, h or d (e.g. 90s, 15m, 12h, 30d)`);
  const amount = Number(match[1]);
  const milliseconds = amount * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (amount === 0) throw new Error(`invalid duration "${text}": must be greater than zero`);
  if (!Number.isSafeInteger(milliseconds)) throw new Error(`invalid duration "${text}": too long`);
  return milliseconds;
}
