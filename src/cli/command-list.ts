import type { Command } from 'commander';
import { auditCommand } from './commands/audit.js';
import { certsCommand } from './commands/certs.js';
import { configCommand } from './commands/config.js';
import { keysCommand } from './commands/keys.js';
import { serveCommand } from './commands/serve.js';
import { testCommand } from './commands/test-provider.js';
import { usageCommand } from './commands/usage.js';

/** Every verb of the `securellm` command, in the order `--help` lists them. */
export function commands(): Command[] {
  return [serveCommand(), testCommand(), keysCommand(), usageCommand(), certsCommand(), configCommand(), auditCommand()];
}
