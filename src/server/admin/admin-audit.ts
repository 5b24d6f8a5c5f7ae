import { resolveAuditPaths } from '../../audit/audit-paths.js';
import { queryAuditRecords } from '../../audit/query-audit-records.js';
import type { AuditWriter } from '../../audit/audit-writer.js';
import { verifyAuditTrail } from '../../audit/verify-audit-trail.js';
import type { AuditConfig } from '../../config/schema.js';
import { GatewayError } from '../../core/errors.js';
import type { AdminExchange } from './admin-keys.js';
import { parseAuditQuery } from './audit-query.js';
import { sendJson } from './send-json.js';

/**
 * `GET /admin/audit`: the newest audit records, newest last, filtered by the query (see
 * audit-query.ts) as `{"records": [...], "next": "/admin/audit?before=…" | null}`; `next` keeps
 * the filters and pages towards older records. `GET /admin/audit/verify`: what
 * `securellm audit verify --json` prints, on the files as they are now; the newest file's last line,
 * when incomplete while this gateway's writer is open and healthy, is a write in flight and is
 * left out instead of being reported as `torn`.
 */
export class AdminAudit {
  constructor(
    private readonly audit: Readonly<AuditConfig>,
    /** The running writer, if any: a half-written last line is its batch in flight, not a tear. */
    private readonly writer: () => AuditWriter | undefined = () => undefined,
  ) {}

  async list({ request, response, requestId }: AdminExchange): Promise<void> {
    this.requireEnabled();
    const query = parseAuditQuery(request.url);
    const page = await queryAuditRecords(resolveAuditPaths(this.audit), query);
    let next: string | null = null;
    if (page.nextBefore !== undefined) {
      const parameters = new URL(request.url ?? '/', 'http://admin.invalid').searchParams;
      parameters.set('before', String(page.nextBefore));
      next = `/admin/audit?${parameters.toString()}`;
    }
    sendJson(response, 200, { records: page.records, next }, requestId);
  }

  async verify({ response, requestId }: AdminExchange): Promise<void> {
    this.requireEnabled();
    const writer = this.writer();
    const options = writer === undefined ? {} : { liveWriterHealthy: () => writer.healthy() };
    sendJson(response, 200, await verifyAuditTrail(this.audit, options), requestId);
  }

  private requireEnabled(): void {
    if (!this.audit.enabled) throw new GatewayError('not_found', 'the audit trail is disabled ([security.audit] enabled = false)');
  }
}
