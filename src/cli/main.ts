#!/usr/bin/env node
import { Command } from 'commander';
import { commands } from './command-list.js';

/**
 * The `securellm` command. Each verb lives in its own file under ./commands and is listed in
 * ./command-list.ts; every verb takes `--config PATH`.
 */
const program = new Command('securellm')
  .description('SecureLLM Bridge: a secure gateway for Large Language Model APIs')
  .version('0.1.0');

for (const command of commands()) program.addCommand(command);
usageErrorsExitWith2(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`securellm: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

/** Usage errors (unknown verb or option, bad option value) exit 2 at every level; --help exits 0. */
function usageErrorsExitWith2(command: Command): void {
  command.showHelpAfterError().exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });
  for (const child of command.commands) usageErrorsExitWith2(child);
}
