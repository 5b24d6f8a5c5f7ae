import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { ConfigError, loadConfig, parseConfig, type LoadedConfig } from '../config/load-config.js';
import type { McpSettings } from './mcp-settings.js';
import { configErrorResult, guarded, toolError, toolResult } from './tool-result.js';

const MAX_TOML_CHARS = 1_048_576;

/** `provider_config_validate`: the checks the gateway makes at start, on a file, on TOML text, or on its own config. */
export function registerConfigValidateTool(server: McpServer, settings: McpSettings): void {
  server.registerTool(
    'provider_config_validate',
    {
      title: 'Validate a config',
      description: 'Validate a SecureLLM config (a file, TOML text, or the server\'s own config) with the same checks as at start: schema, unknown keys, ${VAR} references, providers, egress policy, aliases. Every problem is reported with its key path.',
      inputSchema: z.strictObject({
        config_file: z.string().min(1).max(4096).optional().describe('path of a config file'),
        toml: z.string().min(1).max(MAX_TOML_CHARS).optional().describe('config text in TOML'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ config_file: configFile, toml }) =>
      guarded(async () => {
        if (configFile !== undefined && toml !== undefined) return toolError('give config_file or toml, not both');
        let loaded: LoadedConfig;
        try {
          loaded = toml === undefined ? loadConfig(configFile ?? settings.configPath, settings.environment) : fromText(toml, settings.environment);
        } catch (error) {
          if (error instanceof ConfigError) return configErrorResult(error);
          throw error;
        }
        const { config, source } = loaded;
        const providers = Object.entries(config.providers).filter(([, provider]) => provider.enabled).map(([name]) => name);
        const aliases = Object.keys(config.models);
        return toolResult({ ok: true, source, providers, aliases }, `config OK (${source}); providers enabled: ${providers.join(', ') || 'none'}; aliases: ${aliases.join(', ') || 'none'}`);
      }),
  );
}

function fromText(text: string, environment: NodeJS.ProcessEnv): LoadedConfig {
  const source = 'toml text';
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (error) {
    throw new ConfigError(source, [{ path: '', message: `not valid TOML: ${(error as Error).message.split('\n')[0] ?? ''}` }]);
  }
  return { config: parseConfig(raw, environment, source), source };
}
