import path from 'node:path';
import type { AuditDecision } from './audit-event.js';
import { listLogFiles, type AuditPaths } from './audit-paths.js';
import { parseRecordLine } from './parse-record-line.js';
import { readLinesBackward } from './read-lines-backward.js';

/** Which records `GET /admin/audit` wants; every filter given must match. */
export interface AuditQuery {
  /** At most this many records. */
  limit: number;
  /** Only records written at or after this time (epoch ms). */
  since?: number;
  /** Only records before this sequence number: the cursor of the next (older) page. */
  before?: number;
  requestId?: string;
  /** An exact status, or a class: `4` for 4xx. */
  status?: { exact: number } | { hundreds: number };
  tenant?: string;
  decision?: AuditDecision;
}

export interface AuditPage {
  /** Oldest first, newest last, as written (seq and mac included, so they can be checked). */
  records: Record<string, unknown>[];
  /** The `before` cursor of the next older page; undefined when there is none. */
  nextBefore?: number;
}

/**
 * The newest records matching `query`, read backwards from the newest file and on into older
 * (rotated) files only while more are needed. A `since` stops the walk at the first older record;
 * records are appended in time order, so nothing matching lies behind it. Lines that are not
 * records (a torn last line) are skipped; `audit verify` is what judges the files.
 */
export async function queryAuditRecords(paths: AuditPaths, query: AuditQuery): Promise<AuditPage> {
  const found: Record<string, unknown>[] = [];
  const files = await listLogFiles(paths);
  walk: for (let index = files.length - 1; index >= 0; index -= 1) {
    for await (const line of readLinesBackward(path.join(paths.directory, files[index] ?? ''))) {
      const parsed = parseRecordLine(line);
      if (parsed === undefined) continue;
      if (query.before !== undefined && parsed.seq >= query.before) continue;
      if (query.since !== undefined && timeOf(parsed.record) < query.since) break walk;
      if (!matches(parsed.record, query)) continue;
      // One more than asked for tells whether an older page exists.
      found.push(parsed.record);
      if (found.length > query.limit) break walk;
    }
  }
  const records = found.slice(0, query.limit).reverse();
  const page: AuditPage = { records };
  const oldest = records[0];
  if (found.length > query.limit && oldest !== undefined) page.nextBefore = oldest['seq'] as number;
  return page;
}

function matches(record: Record<string, unknown>, query: AuditQuery): boolean {
  const filtersRequests = query.requestId !== undefined || query.status !== undefined || query.tenant !== undefined || query.decision !== undefined;
  if (filtersRequests && record['type'] !== 'request') return false;
  if (query.requestId !== undefined && record['request_id'] !== query.requestId) return false;
  if (query.tenant !== undefined && record['tenant'] !== query.tenant) return false;
  if (query.decision !== undefined && record['decision'] !== query.decision) return false;
  if (query.status !== undefined) {
    const status = record['status'];
    if (typeof status !== 'number') return false;
    if ('exact' in query.status ? status !== query.status.exact : Math.floor(status / 100) !== query.status.hundreds) return false;
  }
  return true;
}

function timeOf(record: Record<string, unknown>): number {
  const timestamp = record['timestamp'];
  return typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
}
