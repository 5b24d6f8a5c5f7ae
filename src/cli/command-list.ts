import type { Command } from 'commander';
import { auditCommand } from './commands/audit.js';
import { certsCommand } from './commands/certs.js';
import { chatCommand } from './commands/chat.js';
import { configCommand } from './commands/config.js';
import { keysCommand } from './commands/keys.js';
import { mcpCommand } from './commands/mcp.js';
import { securityCommand } from './commands/security-audit.js';
import { serveCommand } from './commands/serve.js';
import { testCommand } from './commands/test-provider.js';
import { usageCommand } from './commands/usage.js';

/** Every verb of the `securellm` command, in the order `--help` lists them. */
export function commands(): Command[] {
  return [serveCommand(), testCommand(), chatCommand(), keysCommand(), usageCommand(), certsCommand(), configCommand(), securityCommand(), auditCommand(), mcpCommand()];
}
