import { utcDay, utcDayBefore } from './utc-period.js';

const MAX_DAYS = 36_600;

/**
 * `--since` for usage reports: a UTC date (`2026-11-01`) or a number of days (`7d`: today and the
 * six days before it, so `1d` is today). Returns the first day included, `YYYY-MM-DD`. Throws a
 * one-line reason otherwise; impossible dates (`2026-02-30`) are refused, not rolled over.
 */
export function parseSince(text: string, now: number = Date.now()): string {
  const trimmed = text.trim();
  const days = /^(\d+)d$/.exec(trimmed);
  if (days !== null) {
    const count = Number(days[1]);
    if (count < 1 || count > MAX_DAYS) throw new Error(`invalid --since "${text}": give 1d to ${MAX_DAYS}d`);
    return utcDayBefore(now, count - 1);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const parsed = Date.parse(`${trimmed}T00:00:00Z`);
    if (!Number.isNaN(parsed) && utcDay(parsed) === trimmed) return trimmed;
  }
  throw new Error(`invalid --since "${text}": use a UTC date such as 2026-11-01 or a number of days such as 7d`);
}
