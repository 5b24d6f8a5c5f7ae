import path from 'node:path';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { configSchema } from '../../src/config/schema.js';

/**
 * Run by crash.test.ts as a child process: appends records as fast as it can, 64 in flight, and
 * prints `ack <request id>` for each append that resolved (a pipe write on Linux is synchronous,
 * so a printed ack really happened before any kill). Runs until killed.
 */
const directory = process.argv[2] ?? '.';
const audit = configSchema.parse({ security: { audit: { log_path: path.join(directory, 'audit.log'), checkpoint_every_records: 500 } } }).security.audit;
const { writer } = await openAuditWriter(audit);
process.stdout.write('ready\n');
let next = 0;
async function lane(): Promise<void> {
  for (;;) {
    const requestId = `crash-${next}`;
    next += 1;
    await writer.append({ requestId, durationMs: 1, status: 200, decision: 'allowed', model: 'x'.repeat(next % 300) });
    process.stdout.write(`ack ${requestId}\n`);
  }
}
await Promise.all(Array.from({ length: 64 }, () => lane()));
