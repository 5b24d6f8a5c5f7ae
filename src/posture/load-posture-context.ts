import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { loadConfig } from '../config/load-config.js';
import type { PostureContext } from './finding.js';

/**
 * Loads the config the way `serve` does (a bad config throws `ConfigError`), and reads the file a
 * second time without interpolation, for the checks that must see what is written in it.
 */
export function loadPostureContext(configPath: string | undefined, environment: NodeJS.ProcessEnv = process.env): PostureContext {
  const { config, source } = loadConfig(configPath, environment);
  const fromFile = source !== 'built-in defaults';
  return {
    config,
    // loadConfig has just parsed the same file, so this parse cannot fail short of a race.
    written: fromFile ? parseToml(readFileSync(source, 'utf8')) : undefined,
    configPath: fromFile ? source : undefined,
    now: new Date(),
    nodeVersion: process.versions.node,
    platform: process.platform,
  };
}
