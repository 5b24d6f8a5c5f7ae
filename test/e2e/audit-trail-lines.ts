import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GatewayHarness } from './gateway-harness.js';

/** A record as written, with the fields the audit tests read. */
export interface AuditLine {
  type: string;
  seq: number;
  request_id?: string;
  user_id?: string | null;
  key_id?: string | null;
  tenant?: string | null;
  endpoint?: string | null;
  method?: string | null;
  status?: number;
  decision?: string;
  reason_code?: string | null;
  action?: string;
  action_key_id?: string;
  provider?: string | null;
  model?: string | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_cost?: number | null;
  duration_ms?: number;
}

/** Every line of every audit file of the harness's gateway, as text and parsed, oldest file first. */
export function readAuditTrail(harness: GatewayHarness): { text: string; records: AuditLine[] } {
  const directory = path.dirname(harness.gateway.config.security.audit.log_path);
  const text = readdirSync(directory)
    .filter((name) => name.endsWith('.log'))
    .sort()
    .map((name) => readFileSync(path.join(directory, name), 'utf8'))
    .join('');
  return { text, records: text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as AuditLine) };
}

/** The one record of `requestId`; fails when there is none or more than one. */
export function onlyRecordOf(harness: GatewayHarness, requestId: unknown): AuditLine {
  assert.equal(typeof requestId, 'string', 'the answer has an x-request-id');
  const found = readAuditTrail(harness).records.filter((record) => record.request_id === requestId);
  assert.equal(found.length, 1, `${found.length} audit records for ${String(requestId)}`);
  return found[0] as AuditLine;
}
