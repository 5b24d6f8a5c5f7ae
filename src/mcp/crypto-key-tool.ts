import { randomBytes } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { parseDuration } from '../cli/duration.js';
import { createApiKey, type CreateApiKeyOptions } from '../security/create-api-key.js';
import { openKeyStore } from '../store/open-key-store.js';
import { loadMcpConfig, type McpSettings } from './mcp-settings.js';
import { guarded, toolError, toolResult } from './tool-result.js';

const LABEL = z.string().regex(/^[\w.@-]{1,64}$/, 'letters, digits, _ . @ - (at most 64)');
const HMAC_KEY_BYTES = 32;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Keys made by an MCP client expire: 30 days unless asked otherwise, at most 365 (`keys create` makes lasting ones). */
export const MCP_KEY_DEFAULT_LIFETIME_MS = 30 * DAY_MS;
export const MCP_KEY_MAX_LIFETIME_MS = 365 * DAY_MS;

/**
 * `crypto_key_generate`: a gateway API key, stored as a hash in the key store like `keys create`
 * (never an admin key: those stay with the CLI, so a prompt-injected client cannot mint one), or
 * a random HMAC key for `security.audit.hmac_key`. The key is in the result once and nowhere else:
 * not in a log, not in the store. TLS certificates are `securellm certs init`, which writes
 * private keys to files the operator chooses.
 */
export function registerCryptoKeyTool(server: McpServer, settings: McpSettings): void {
  server.registerTool(
    'crypto_key_generate',
    {
      title: 'Generate a key',
      description: 'Generate a gateway API key (kind "api_key": stored as a hash, shown once, with optional tenant, name, provider/model scopes, local-only, rpm, budget and lifetime (default 30 days, at most 365); never an admin key) or a random 256-bit HMAC key (kind "hmac_key", base64url) for security.audit.hmac_key. The key appears only in this result.',
      inputSchema: z.strictObject({
        kind: z.enum(['api_key', 'hmac_key']).default('api_key'),
        tenant: LABEL.default('default').describe('api_key: tenant the key belongs to'),
        name: LABEL.optional().describe('api_key: a name to recognise the key by'),
        providers: z.array(z.string().min(1).max(100)).min(1).max(100).optional().describe('api_key: providers the key may use (default all)'),
        models: z.array(z.string().min(1).max(200)).min(1).max(100).optional().describe('api_key: models or aliases the key may use (default all)'),
        rpm: z.number().int().positive().max(1_000_000).optional().describe('api_key: requests per minute'),
        budget_usd: z.number().nonnegative().max(1_000_000_000).optional().describe('api_key: spending budget in US dollars'),
        expires_in: z.string().max(20).optional().describe('api_key: lifetime such as 90s, 15m, 12h, 30d (default 30d, at most 365d)'),
        local_only: z.boolean().optional().describe('api_key: requests with the key may only go to local providers (local, ollama)'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async (input) =>
      guarded(async () => {
        if (input.kind === 'hmac_key') {
          const key = randomBytes(HMAC_KEY_BYTES).toString('base64url');
          return toolResult(
            { kind: 'hmac_key', bits: HMAC_KEY_BYTES * 8, encoding: 'base64url', key },
            `A new 256-bit HMAC key (shown once): ${key}\nPut it in an environment variable, e.g. AUDIT_HMAC_KEY, and set security.audit.hmac_key = "\${AUDIT_HMAC_KEY}".`,
          );
        }
        const request: CreateApiKeyOptions = { tenant: input.tenant, admin: false };
        if (input.name !== undefined) request.name = input.name;
        if (input.providers !== undefined) request.providers = [...new Set(input.providers)];
        if (input.models !== undefined) request.models = [...new Set(input.models)];
        if (input.rpm !== undefined) request.rpm = input.rpm;
        if (input.budget_usd !== undefined) request.budgetUsd = input.budget_usd;
        if (input.local_only === true) request.localOnly = true;
        const lifetime = input.expires_in === undefined ? MCP_KEY_DEFAULT_LIFETIME_MS : durationOrUndefined(input.expires_in);
        if (lifetime === undefined) return toolError('expires_in: use a duration such as 90s, 15m, 12h or 30d');
        if (lifetime > MCP_KEY_MAX_LIFETIME_MS) return toolError('expires_in: at most 365d for a key made here; use securellm keys create for a longer-lived key');
        request.expiresInMs = lifetime;
        const { config } = loadMcpConfig(settings);
        const store = openKeyStore(config.storage.url);
        try {
          const { record, key } = await createApiKey(store, request);
          const structured: Record<string, unknown> = { kind: 'api_key', id: record.id, key, tenant: record.tenant, admin: false };
          if (record.expiresAt !== undefined) structured['expires_at'] = new Date(record.expiresAt).toISOString();
          if (record.localOnly === true) structured['local_only'] = true;
          return toolResult(structured, `Created API key ${record.id} for tenant ${record.tenant} (shown once, stored only as a hash): ${key}`);
        } finally {
          await store.close();
        }
      }),
  );
}

function durationOrUndefined(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}
