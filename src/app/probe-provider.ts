import type { Config } from '../config/schema.js';
import { GatewayError } from '../core/errors.js';
import { foldChunks } from '../core/fold-chunks.js';
import type { ChatRequest } from '../core/types.js';
import { createProviders } from '../providers/create-providers.js';
import { resolveTargets } from '../routing/resolve-targets.js';
import { routedChunks } from '../routing/routed-chunks.js';
import { Router } from '../routing/router.js';

export interface ProbeOptions {
  /** A model of that provider; default: the provider's configured model. */
  model?: string;
  prompt: string;
}

/** What `securellm test` and the MCP `provider_test` tool report. Never holds the provider's key. */
export interface ProbeReport {
  ok: boolean;
  provider: string;
  model?: string;
  duration_ms: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  text?: string;
  error?: { code: string; message: string };
}

/**
 * Sends one small request through routing (with its retries) to the named provider (`deepseek`
 * or `deepseek/deepseek-chat`) and reports how it went. Failures are reported, not thrown.
 */
export async function probeProvider(config: Readonly<Config>, name: string, options: ProbeOptions): Promise<ProbeReport> {
  const providers = createProviders(config);
  const providerName = name.split('/')[0] ?? name;
  const started = performance.now();
  try {
    const targets = resolveTargets(options.model === undefined ? name : `${providerName}/${options.model}`, config, providers);
    const request: ChatRequest = {
      model: targets[0]?.id ?? name,
      messages: [{ role: 'user', content: [{ type: 'text', text: options.prompt }] }],
      maxTokens: 16,
      stream: false,
      includeUsage: false,
      metadata: { requestId: 'cli-test', clientFormat: 'openai' },
    };
    const router = new Router({ routing: config.routing, providers });
    const routed = await router.open(request, targets, new AbortController().signal);
    const response = await foldChunks(routedChunks(routed));
    const elapsed = Math.round(performance.now() - started);
    const tokens = response.usage.promptTokens + response.usage.completionTokens;
    return { ok: true, provider: providerName, model: routed.target.model, duration_ms: elapsed, prompt_tokens: response.usage.promptTokens, completion_tokens: response.usage.completionTokens, total_tokens: tokens, text: response.text };
  } catch (error) {
    const elapsed = Math.round(performance.now() - started);
    const code = error instanceof GatewayError ? error.code : 'error';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, provider: providerName, duration_ms: elapsed, error: { code, message } };
  } finally {
    await Promise.allSettled([...providers.values()].map((provider) => provider.close()));
  }
}
