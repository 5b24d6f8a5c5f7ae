import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';

/** What every tool and resource of the MCP server reads its surroundings from. */
export interface McpSettings {
  /** `--config`; undefined means `$CONFIG_PATH`, else `./config.toml`, as for every verb. */
  configPath: string | undefined;
  environment: NodeJS.ProcessEnv;
  /** Where `build_and_test` runs `npm run build` and `npm test`: `$SECURELLM_PROJECT_DIR`, else this package. */
  projectDirectory: string;
  /** This package's own folder (its README is `docs://api`). */
  packageRoot: string;
}

export function mcpSettings(configPath: string | undefined, environment: NodeJS.ProcessEnv = process.env): McpSettings {
  const packageRoot = findPackageRoot();
  const fromEnvironment = environment['SECURELLM_PROJECT_DIR'];
  const projectDirectory = fromEnvironment === undefined || fromEnvironment === '' ? packageRoot : path.resolve(fromEnvironment);
  return { configPath, environment, projectDirectory, packageRoot };
}

/**
 * The config, read afresh for each call so that an edited file counts at once (the server runs
 * as long as the MCP client does). Throws `ConfigError`.
 */
export function loadMcpConfig(settings: McpSettings): LoadedConfig {
  return loadConfig(settings.configPath, settings.environment);
}

/** The nearest folder above this file holding this package's package.json (works from dist and .build). */
function findPackageRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'securellm-bridge') return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return process.cwd();
    directory = parent;
  }
}
