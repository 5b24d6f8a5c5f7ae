import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { request, type Agent } from 'undici';
import { z } from 'zod';
import { gatewayUrlOf } from '../app/detect-gateway.js';
import { createClientAgent } from '../app/http-chat.js';
import { clientTlsOf } from '../cli/chat-client-tls.js';
import type { Config } from '../config/schema.js';
import type { Principal } from '../core/principal.js';
import { isKeyId } from '../security/api-key.js';
import { openKeyStore } from '../store/open-key-store.js';
import { loadMcpConfig, type McpSettings } from './mcp-settings.js';
import { simulateRateLimit } from './rate-limit-simulation.js';
import { guarded, toolError, toolResult } from './tool-result.js';

const LIVE_TIMEOUT_MS = 3_000;

/**
 * `rate_limit_check`: a key's configured limits and what a burst of requests would meet, from a
 * fresh limiter built from the config. Live bucket levels are in the running gateway's memory:
 * with `SECURELLM_ADMIN_KEY` set, its `GET /admin/limits` answer is added.
 */
export function registerRateLimitTool(server: McpServer, settings: McpSettings): void {
  server.registerTool(
    'rate_limit_check',
    {
      title: 'Check rate limits',
      description: 'Show the rate limits that apply to an API key (or to any key) on a provider, and simulate a burst of requests against them: how many pass, which limit refuses the rest, and when they could retry.',
      inputSchema: z.strictObject({
        key_id: z.string().max(64).optional().describe('API key id (the 12 characters after sk-sllm-); default: a key with no limits of its own'),
        provider: z.string().min(1).max(100).optional().describe('provider the requests go to (default: the first enabled provider)'),
        requests: z.number().int().min(1).max(10_000).default(1).describe('how many requests arrive at once'),
        prompt_tokens: z.number().int().min(0).max(10_000_000).default(100).describe('prompt tokens per request, for token limits'),
        max_tokens: z.number().int().min(1).max(10_000_000).optional().describe('completion tokens each request may use (default: the configured default_max_tokens)'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input) =>
      guarded(async () => {
        const { config } = loadMcpConfig(settings);
        const principal = await principalFor(config, input.key_id);
        if (typeof principal === 'string') return toolError(principal);
        const provider = input.provider ?? Object.entries(config.providers).find(([, section]) => section.enabled)?.[0];
        if (provider === undefined) return toolError('no provider is enabled in the config; name one with provider');
        if (config.providers[provider] === undefined) return toolError(`provider ${provider} is not configured`);
        const report = simulateRateLimit(config, {
          principal,
          provider,
          requests: input.requests,
          promptTokens: input.prompt_tokens,
          maxTokens: input.max_tokens ?? config.security.rate_limit.default_max_tokens,
        });
        const structured: Record<string, unknown> = { object: 'rate_limit_check', key_id: principal.keyId, tenant: principal.tenant, provider, ...report };
        const live = await liveLimits(config, settings.environment);
        if (live !== undefined) structured['live'] = live;
        return toolResult(structured, describe(report, principal, provider));
      }),
  );
}

async function principalFor(config: Readonly<Config>, keyId: string | undefined): Promise<Principal | string> {
  if (keyId === undefined) return { keyId: 'simulated', tenant: 'default', admin: false };
  if (!isKeyId(keyId)) return 'key_id is not a key id: give the 12 lower-case characters after sk-sllm- (see keys list)';
  const store = openKeyStore(config.storage.url);
  try {
    const record = await store.findById(keyId);
    if (record === undefined) return `no API key with id ${keyId}`;
    const principal: Principal = { keyId: record.id, tenant: record.tenant, admin: record.admin };
    if (record.rpm !== undefined) principal.requestsPerMinute = record.rpm;
    return principal;
  } finally {
    await store.close();
  }
}

/** `GET /admin/limits` of the running gateway, when an admin key is at hand; its failure is reported, not thrown. */
async function liveLimits(config: Readonly<Config>, environment: NodeJS.ProcessEnv): Promise<Record<string, unknown> | undefined> {
  const adminKey = environment['SECURELLM_ADMIN_KEY'];
  if (adminKey === undefined || adminKey === '') return undefined;
  const url = new URL('/admin/limits', environment['SECURELLM_URL'] ?? gatewayUrlOf(config)).toString();
  let dispatcher: Agent;
  try {
    // The config's CA (and client certificate), as `securellm chat` uses, for a gateway with TLS.
    dispatcher = createClientAgent(clientTlsOf(config, {}));
  } catch (error) {
    return { url, error: (error as Error).message };
  }
  try {
    const response = await request(url, { dispatcher, headers: { authorization: `Bearer ${adminKey}` }, signal: AbortSignal.timeout(LIVE_TIMEOUT_MS) });
    const body: unknown = await response.body.json().catch(() => undefined);
    if (response.statusCode !== 200) return { url, error: `GET /admin/limits answered ${response.statusCode}` };
    return { url, limits: body };
  } catch (error) {
    return { url, error: (error as Error).message };
  } finally {
    await dispatcher.close();
  }
}

function describe(report: ReturnType<typeof simulateRateLimit>, principal: Principal, provider: string): string {
  if (!report.enabled) return `rate limits are off: all ${report.requests} requests of key ${principal.keyId} to ${provider} would pass`;
  const head = `${report.admitted} of ${report.requests} requests of key ${principal.keyId} to ${provider} would pass at once`;
  const refusal = report.first_refusal;
  if (refusal === undefined) return `${head}.`;
  return `${head}; request ${refusal.index + 1} is refused: ${refusal.message}`;
}
