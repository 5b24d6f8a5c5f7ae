/**
 * Calendar periods in UTC, the clock that usage days and budget periods follow everywhere, so a
 * report, a budget and its reset time agree whatever the server's time zone.
 */
export type BudgetPeriod = 'day' | 'month';

const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD` of the UTC day holding `ms`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch milliseconds at which the period holding `ms` began. */
export function periodStart(period: BudgetPeriod, ms: number): number {
  if (period === 'day') return Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Epoch milliseconds at which the period that began at `start` ends (and the next begins). */
export function periodEnd(period: BudgetPeriod, start: number): number {
  if (period === 'day') return start + MS_PER_DAY;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** The UTC day `days` days before the day of `ms` (`days` = 0 is that day). */
export function utcDayBefore(ms: number, days: number): string {
  return utcDay(Math.floor(ms / MS_PER_DAY) * MS_PER_DAY - days * MS_PER_DAY);
}

/** `daily` / `monthly`, for messages. */
export function periodAdjective(period: BudgetPeriod): string {
  return period === 'day' ? 'daily' : 'monthly';
}
