import { Command } from 'commander';
import { GatewayError } from '../../core/errors.js';
import { foldChunks } from '../../core/fold-chunks.js';
import type { ChatRequest } from '../../core/types.js';
import { createProviders } from '../../providers/create-providers.js';
import { resolveTargets } from '../../routing/resolve-targets.js';
import { routedChunks } from '../../routing/routed-chunks.js';
import { Router } from '../../routing/router.js';
import { loadCommandConfig } from '../command-config.js';

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  openai: 'OpenAI',
  deepseek: 'DeepSeek',
  anthropic: 'Anthropic',
  ollama: 'Ollama',
  local: 'Local (ml-offload-api)',
};

interface TestOptions {
  config?: string;
  model?: string;
  prompt: string;
  json?: boolean;
}

/**
 * `securellm test <provider>`: one small request through routing (with its retries) to the named
 * provider, then the report the original guide shows. Exit status 0 on success, 1 otherwise.
 */
export function testCommand(): Command {
  return new Command('test')
    .description('send one small request to a provider and report')
    .argument('<provider>', 'provider name from [providers.NAME], or provider/model')
    .option('--config <path>', 'config file')
    .option('--model <model>', 'model to ask (default: the provider\'s configured model)')
    .option('--prompt <text>', 'what to send', 'Reply with the single word: pong')
    .option('--json', 'print the report as JSON')
    .action(async (name: string, options: TestOptions) => {
      const loaded = loadCommandConfig(options.config);
      if (loaded === undefined) return;
      const { config } = loaded;
      const providers = createProviders(config);
      const providerName = name.split('/')[0] ?? name;
      const label = DISPLAY_NAMES[providerName] ?? providerName;
      if (options.json !== true) process.stdout.write(`Testing ${label} provider...\n`);
      const started = performance.now();
      let exitCode = 0;
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
        report(options, { ok: true, provider: providerName, model: routed.target.model, duration_ms: elapsed, prompt_tokens: response.usage.promptTokens, completion_tokens: response.usage.completionTokens, total_tokens: tokens, text: response.text });
      } catch (error) {
        exitCode = 1;
        const elapsed = Math.round(performance.now() - started);
        const code = error instanceof GatewayError ? error.code : 'error';
        const message = error instanceof Error ? error.message : String(error);
        report(options, { ok: false, provider: providerName, duration_ms: elapsed, error: { code, message } });
      } finally {
        await Promise.allSettled([...providers.values()].map((provider) => provider.close()));
      }
      process.exitCode = exitCode;
    });
}

interface Report {
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

function report(options: TestOptions, result: Report): void {
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`Request sent in ${result.duration_ms}ms\n`);
  if (result.ok) {
    process.stdout.write(`Response: ${result.total_tokens ?? 0} tokens (${result.prompt_tokens ?? 0} prompt, ${result.completion_tokens ?? 0} completion) from ${result.provider}/${result.model ?? ''}\n`);
    process.stdout.write('Status: ✅ Success\n');
  } else {
    process.stdout.write(`Status: ❌ Failed (${result.error?.code ?? 'error'}: ${result.error?.message ?? ''})\n`);
  }
}
