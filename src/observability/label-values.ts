import { ERROR_CODES } from '../core/errors.js';

/**
 * Label values a request can produce. Every value comes from a bounded set (configuration, the
 * error-code table, HTTP statuses), never from what a client sent: one invented model name per
 * request would otherwise grow the series count, and Prometheus' memory, without limit.
 */

/** A model (or provider) that is not among the configured targets. */
export const UNKNOWN_LABEL = 'unknown';
/** The request never reached routing (refused, invalid, unauthenticated). */
export const NONE_LABEL = 'none';
/** An error code the table does not know; cannot happen today, but keeps the label set closed. */
export const OTHER_LABEL = 'other';


/** The HTTP status as a label value: a three-digit code, else `0` (the pipeline never answered). */
export function statusLabel(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : '0';
}

/** The error code as a label value, or `other` for a code outside the table. */
export function errorCodeLabel(code: string): string {
  return Object.hasOwn(ERROR_CODES, code) ? code : OTHER_LABEL;
}
