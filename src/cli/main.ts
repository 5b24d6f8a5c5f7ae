#!/usr/bin/env node
import { Command } from 'commander';
import { commands } from './command-list.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_STATUS_HELP, EXIT_USAGE } from './exit-codes.js';

/**
 * The `securellm` command. Each verb lives in its own file under ./commands and is listed in
 * ./command-list.ts; every verb takes `--config PATH`.
 */
const program = new Command('securellm')
  .description('SecureLLM Bridge: a secure gateway for Large Language Model APIs')
  .version('0.1.0')
  .addHelpText('after', EXIT_STATUS_HELP);

for (const command of commands()) program.addCommand(command);
usageErrorsExitWith2(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One line, so a script's log shows the reason and not a stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`securellm: ${message.split('\n')[0] ?? ''}\n`);
  process.exit(EXIT_FAILURE);
}

/** Usage errors (unknown verb or option, bad option value) exit 2 at every level; --help exits 0. */
function usageErrorsExitWith2(command: Command): void {
  command.showHelpAfterError().exitOverride((error) => {
    process.exit(error.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
  });
  for (const child of command.commands) usageErrorsExitWith2(child);
}
