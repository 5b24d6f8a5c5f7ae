import { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from '../../mcp/create-mcp-server.js';
import { mcpSettings } from '../../mcp/mcp-settings.js';
import { CONFIG_HELP, examples } from '../help-text.js';

interface McpOptions {
  config?: string;
}

/**
 * `securellm mcp`: the MCP server on stdin/stdout, for an MCP client (Claude Desktop, an IDE) to
 * start. Stdout carries the protocol and nothing else; logs go to stderr. The config is read on
 * each call, so it may change while the client runs; a bad config is a tool error, not an exit.
 */
export function mcpCommand(): Command {
  return new Command('mcp')
    .description('run the MCP server on stdio (tools and resources for MCP clients)')
    .option('--config <path>', CONFIG_HELP)
    .addHelpText(
      'after',
      `
Meant to be started by an MCP client, not typed: stdout carries the protocol only, logs go to
stderr. The config is read on each call; a bad one is a tool error. It ends when the client
closes stdin (exit 0).
${examples(
        'securellm mcp --config /etc/securellm/config.toml',
        '{"mcpServers": {"securellm": {"command": "securellm", "args": ["mcp", "--config", "/etc/securellm/config.toml"]}}}',
      )}`,
    )
    .action(async (options: McpOptions) => {
      const server = createMcpServer(mcpSettings(options.config), '0.1.0');
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => {
        transport.onclose = resolve;
      });
      await server.connect(transport);
      const stop = (): void => {
        void server.close();
      };
      // The client closing our stdin is how a stdio MCP session ends.
      process.stdin.once('end', stop);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await closed;
    });
}
