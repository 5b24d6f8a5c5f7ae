import type { AuditDecision } from '../../audit/audit-event.js';
import type { AuditQuery } from '../../audit/query-audit-records.js';
import { parseDuration } from '../../cli/duration.js';
import { invalidRequest } from '../invalid-request-error.js';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAXIMUM_AUDIT_LIMIT = 1000;

const PARAMETERS = ['limit', 'since', 'before', 'request_id', 'status', 'tenant', 'decision'] as const;
const DECISIONS: readonly AuditDecision[] = ['allowed', 'refused', 'failed'];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * `GET /admin/audit`'s query: `limit` (1–1000, default 100), `since` (an ISO time such as
 * `2026-11-28T09:00:00Z`, a UTC date, or a duration back from now such as `15m`), `before` (the
 * cursor `next` hands out), `request_id`, `status` (`429` or a class, `5xx`), `tenant`,
 * `decision` (allowed, refused, failed). Anything else, a repeated parameter or a bad value is a
 * 400 naming the parameter.
 */
export function parseAuditQuery(requestUrl: string | undefined, now: number = Date.now()): AuditQuery {
  const parameters = new URL(requestUrl ?? '/', 'http://admin.invalid').searchParams;
  const seen = new Set<string>();
  for (const name of parameters.keys()) {
    if (!(PARAMETERS as readonly string[]).includes(name)) throw invalidRequest(name, `unknown parameter '${name}'; use ${PARAMETERS.join(', ')}`);
    if (seen.has(name)) throw invalidRequest(name, `'${name}' is given more than once`);
    seen.add(name);
  }
  const query: AuditQuery = { limit: DEFAULT_AUDIT_LIMIT };
  const limit = parameters.get('limit');
  if (limit !== null) query.limit = wholeNumber('limit', limit, 1, MAXIMUM_AUDIT_LIMIT);
  const since = parameters.get('since');
  if (since !== null) query.since = parseSinceTime(since, now);
  const before = parameters.get('before');
  if (before !== null) query.before = wholeNumber('before', before, 1, Number.MAX_SAFE_INTEGER);
  const requestId = parameters.get('request_id');
  if (requestId !== null) query.requestId = nonEmpty('request_id', requestId);
  const tenant = parameters.get('tenant');
  if (tenant !== null) query.tenant = nonEmpty('tenant', tenant);
  const status = parameters.get('status');
  if (status !== null) query.status = parseStatus(status);
  const decision = parameters.get('decision');
  if (decision !== null) {
    if (!(DECISIONS as readonly string[]).includes(decision)) throw invalidRequest('decision', `decision must be one of ${DECISIONS.join(', ')}`);
    query.decision = decision as AuditDecision;
  }
  return query;
}

function wholeNumber(name: string, text: string, minimum: number, maximum: number): number {
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < minimum || value > maximum) throw invalidRequest(name, `${name} must be a whole number from ${minimum} to ${maximum}`);
  return value;
}

function nonEmpty(name: string, text: string): string {
  if (text === '' || text.length > 512) throw invalidRequest(name, `${name} must be 1 to 512 characters`);
  return text;
}

function parseStatus(text: string): NonNullable<AuditQuery['status']> {
  const exact = /^[1-5]\d\d$/.test(text) ? Number(text) : undefined;
  if (exact !== undefined) return { exact };
  const family = /^([1-5])xx$/i.exec(text);
  if (family !== null) return { hundreds: Number(family[1]) };
  throw invalidRequest('status', 'status must be an HTTP status such as 429, or a class such as 5xx');
}

/** An ISO time or date (UTC unless it says otherwise), or a duration before `now`. */
function parseSinceTime(text: string, now: number): number {
  if (/^\d+[smhd]$/.test(text)) {
    try {
      return now - parseDuration(text);
    } catch (error) {
      throw invalidRequest('since', (error as Error).message);
    }
  }
  const time = ISO_TIME.test(text) ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) : Number.NaN;
  if (Number.isNaN(time)) throw invalidRequest('since', 'since must be an ISO time such as 2026-11-28T09:00:00Z, a date, or a duration such as 15m');
  return time;
}
