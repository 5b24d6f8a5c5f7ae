import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { AuditEvent } from '../../src/audit/audit-event.js';
import { configSchema, type AuditConfig } from '../../src/config/schema.js';

/** A fresh folder for one test's audit trail, removed afterwards. */
export function auditDirectory(t: TestContext): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-audit-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** `[security.audit]` with the schema's defaults, the log under `directory`. */
export function auditConfig(directory: string, overrides: Record<string, unknown> = {}): AuditConfig {
  const parsed = configSchema.parse({ security: { audit: { log_path: path.join(directory, 'audit.log'), ...overrides } } });
  return parsed.security.audit;
}

/** A finished request as the pipeline would describe it. */
export function sampleEvent(index: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    requestId: `req-${index}`,
    userId: 'alice',
    tenant: 'acme',
    keyId: 'abcdefghijkl',
    clientFormat: 'openai',
    provider: 'openai',
    model: 'gpt-4o-mini',
    promptTokens: 12,
    completionTokens: 34,
    totalCost: 0.000123,
    durationMs: 250 + index,
    status: 200,
    decision: 'allowed',
    ...overrides,
  };
}

/** A clock the test moves by hand (epoch ms). */
export function manualClock(start: string): { now: () => number; set: (iso: string) => void } {
  let current = Date.parse(start);
  return { now: () => current, set: (iso) => (current = Date.parse(iso)) };
}
