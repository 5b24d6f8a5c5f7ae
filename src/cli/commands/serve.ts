import { Command } from 'commander';
import { assembleGateway, pendingFeatureWarnings } from '../../app/create-gateway.js';
import { startServer } from '../../server/http-server.js';
import { loadCommandConfig } from '../command-config.js';
import { examples } from '../help-text.js';
import { parsePort } from '../option-parsers.js';

/** `securellm serve`: runs the gateway until SIGINT or SIGTERM. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('start the gateway')
    .option('--config <path>', 'config file (default: $CONFIG_PATH, else ./config.toml, else built-in defaults)')
    .option('--host <host>', 'listen address (overrides server.host)')
    .option('--port <port>', 'listen port (overrides server.port)', parsePort)
    .addHelpText(
      'after',
      `
Logs are JSON lines on stderr; stdout gets one line once the gateway listens. SIGINT or SIGTERM
drains and stops it (exit 0); a config problem or a port in use exits 1 with the reason.
${examples(
        'securellm serve                                 # ./config.toml, else built-in defaults',
        'securellm serve --config /etc/securellm/config.toml --port 8443',
        'CONFIG_PATH=prod.toml securellm serve --host 0.0.0.0',
      )}`,
    )
    .action(async (options: { config?: string; host?: string; port?: number }) => {
      const loaded = loadCommandConfig(options.config);
      if (loaded === undefined) return;
      const { config, source } = loaded;
      const { gateway, logger, ready, close } = assembleGateway(config);
      await ready;
      for (const warning of pendingFeatureWarnings(config)) logger.warn(warning);
      const overrides: { host?: string; port?: number } = {};
      if (options.host !== undefined) overrides.host = options.host;
      if (options.port !== undefined) overrides.port = options.port;
      const running = await startServer(gateway, overrides).catch(async (error: unknown) => {
        await close();
        throw error;
      });
      logger.info({ url: running.url, config: source, providers: [...gateway.providers.keys()] }, 'securellm listening');
      process.stdout.write(`SecureLLM Bridge listening on ${running.url} (config: ${source})\n`);
      const stop = async (signal: string): Promise<void> => {
        logger.info({ signal }, 'shutting down');
        await running.close();
        await close();
        logger.flush(() => process.exit(0));
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
