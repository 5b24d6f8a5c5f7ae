import { ConfigError, loadConfig, type LoadedConfig } from '../config/load-config.js';

/** Writes each config problem as one `path: message` line, naming the file when the problem is the file itself. */
export function printConfigIssues(error: ConfigError): void {
  for (const issue of error.issues) process.stderr.write(`${issue.path || error.source}: ${issue.message}\n`);
}

/**
 * Loads the config for a CLI verb. On a config problem it prints every issue, sets exit status 1
 * and returns undefined, so the verb simply stops.
 */
export function loadCommandConfig(configPath: string | undefined): LoadedConfig | undefined {
  try {
    return loadConfig(configPath);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    printConfigIssues(error);
    process.exitCode = 1;
    return undefined;
  }
}
