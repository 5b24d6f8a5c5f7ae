import type { Command } from 'commander';

/** Every verb of the `securellm` command, in the order `--help` lists them. */
export function commands(): Command[] {
  return [];
}
