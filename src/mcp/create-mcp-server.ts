import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerBuildAndTestTool } from './build-and-test-tool.js';
import { registerChatTool } from './chat-tool.js';
import { registerConfigValidateTool } from './config-validate-tool.js';
import { registerCryptoKeyTool } from './crypto-key-tool.js';
import type { McpSettings } from './mcp-settings.js';
import { registerProviderTestTool } from './provider-test-tool.js';
import { registerRateLimitTool } from './rate-limit-tool.js';
import { registerResources } from './resources.js';
import { registerSecurityAuditTool } from './security-audit-tool.js';

/** The SecureLLM Bridge MCP server: its tools and resources, not yet connected to a transport. */
export function createMcpServer(settings: McpSettings, version: string): McpServer {
  const server = new McpServer(
    { name: 'securellm-bridge', title: 'SecureLLM Bridge', version },
    {
      instructions:
        'Tools and resources of a SecureLLM Bridge gateway: test providers, audit its security posture, check rate limits, validate configs, create API keys, chat through its pipeline, and build/test the project. Secrets are never returned except a newly generated key, once.',
    },
  );
  registerProviderTestTool(server, settings);
  registerSecurityAuditTool(server, settings);
  registerRateLimitTool(server, settings);
  registerBuildAndTestTool(server, settings);
  registerConfigValidateTool(server, settings);
  registerCryptoKeyTool(server, settings);
  registerChatTool(server, settings);
  registerResources(server, settings);
  return server;
}
