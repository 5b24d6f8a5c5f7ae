import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { probeProvider } from '../app/probe-provider.js';
import { loadMcpConfig, type McpSettings } from './mcp-settings.js';
import { guarded, toolError, toolResult } from './tool-result.js';

/** `provider_test`: the same small request as `securellm test <provider>`. */
export function registerProviderTestTool(server: McpServer, settings: McpSettings): void {
  server.registerTool(
    'provider_test',
    {
      title: 'Test a provider',
      description: 'Send one small request to a configured LLM provider through the gateway\'s routing and report latency, tokens and the answer, or the typed error.',
      inputSchema: z.strictObject({
        provider: z.string().min(1).max(200).describe('provider name from [providers.NAME], or provider/model'),
        model: z.string().min(1).max(200).optional().describe('model to ask (default: the provider\'s configured model)'),
        prompt: z.string().min(1).max(4000).default('Reply with the single word: pong').describe('what to send'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ provider, model, prompt }) =>
      guarded(async () => {
        const { config } = loadMcpConfig(settings);
        const report = await probeProvider(config, provider, { prompt, ...(model === undefined ? {} : { model }) });
        const structured = { ...report };
        if (!report.ok) return toolError(`${report.provider} failed after ${report.duration_ms}ms: ${report.error?.code ?? 'error'}: ${report.error?.message ?? ''}`, structured);
        return toolResult(structured, `${report.provider}/${report.model ?? ''} answered in ${report.duration_ms}ms (${report.total_tokens ?? 0} tokens): ${report.text ?? ''}`);
      }),
  );
}
