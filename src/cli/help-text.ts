/** What `--config` says on every verb that reads the config. */
export const CONFIG_HELP = 'config file (default $CONFIG_PATH, else ./config.toml)';

/** The `Examples:` block a verb's `--help` ends with (commander `addHelpText('after', …)`). */
export function examples(...lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}
