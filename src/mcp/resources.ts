import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { resolveAuditPaths } from '../audit/audit-paths.js';
import { readLastRecordLines } from '../audit/tail-records.js';
import { redactConfig } from '../config/redact-config.js';
import { openUsageStore } from '../usage/open-usage-store.js';
import { summarizeUsage } from '../usage/usage-report.js';
import { apiReference } from './api-reference.js';
import { loadMcpConfig, type McpSettings } from './mcp-settings.js';

/** Audit records `logs://audit` returns: the newest, oldest first. */
export const AUDIT_RESOURCE_RECORDS = 100;

/**
 * The read-only resources: the effective config with secrets redacted, the newest audit records,
 * usage totals, and the HTTP API reference. Each is read afresh on every request.
 */
export function registerResources(server: McpServer, settings: McpSettings): void {
  server.registerResource(
    'config',
    'config://current',
    { title: 'Current configuration', description: 'The effective config (defaults filled in), every secret replaced by REDACTED', mimeType: 'application/json' },
    async (uri) => {
      const { config, source } = loadMcpConfig(settings);
      return json(uri.href, { source, config: redactConfig(config) });
    },
  );

  server.registerResource(
    'audit-log',
    'logs://audit',
    { title: 'Audit log', description: `The newest ${AUDIT_RESOURCE_RECORDS} hash-chained audit records, one JSON object per line, oldest first (no prompt text unless include_content)`, mimeType: 'application/x-ndjson' },
    async (uri) => {
      const { config } = loadMcpConfig(settings);
      const { lines } = await readLastRecordLines(resolveAuditPaths(config.security.audit), AUDIT_RESOURCE_RECORDS);
      return { contents: [{ uri: uri.href, mimeType: 'application/x-ndjson', text: lines.map((line) => `${line}\n`).join('') }] };
    },
  );

  server.registerResource(
    'usage',
    'metrics://usage',
    { title: 'Usage summary', description: 'Requests, tokens and cost (USD) per provider, per model and in total, from the usage store', mimeType: 'application/json' },
    async (uri) => {
      const { config } = loadMcpConfig(settings);
      const store = openUsageStore(config.storage.url);
      try {
        const rows = await store.query({});
        const byProvider = summarizeUsage(rows, { by: 'provider' });
        const byModel = summarizeUsage(rows, { by: 'model' });
        return json(uri.href, { object: 'usage_summary', totals: byProvider.totals, by_provider: byProvider.rows, by_model: byModel.rows });
      } finally {
        await store.close();
      }
    },
  );

  server.registerResource(
    'api-docs',
    'docs://api',
    { title: 'HTTP API reference', description: 'Endpoints, authentication, errors and the admin API of SecureLLM Bridge (Markdown)', mimeType: 'text/markdown' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: apiReference(readme(settings.packageRoot)) }] }),
  );
}

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: 'application/json', text: `${JSON.stringify(value, null, 2)}\n` }] };
}

function readme(packageRoot: string): string | undefined {
  try {
    return readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  } catch {
    return undefined;
  }
}
