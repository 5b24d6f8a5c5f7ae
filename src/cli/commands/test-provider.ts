import { Command } from 'commander';
import { probeProvider, type ProbeReport } from '../../app/probe-provider.js';
import { loadCommandConfig } from '../command-config.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { CONFIG_HELP, examples } from '../help-text.js';
import { withProgress } from '../progress.js';

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
    .option('--config <path>', CONFIG_HELP)
    .option('--model <model>', 'model to ask (default: the provider\'s configured model)')
    .option('--prompt <text>', 'what to send', 'Reply with the single word: pong')
    .option('--json', 'print the report as JSON (ok, provider, model, duration_ms, tokens, or error)')
    .addHelpText(
      'after',
      `
The request goes through routing with its retries, as a client's would. Exit status 0 when the
provider answered, 1 when it did not (the report says why) or the config does not load.
${examples(
        'securellm test openai',
        'securellm test anthropic/claude-sonnet-4-5 --prompt "Say hi"',
        'securellm test ollama --json | jq .duration_ms',
      )}`,
    )
    .action(async (name: string, options: TestOptions) => {
      const loaded = loadCommandConfig(options.config);
      if (loaded === undefined) return;
      const providerName = name.split('/')[0] ?? name;
      const label = DISPLAY_NAMES[providerName] ?? providerName;
      if (options.json !== true) process.stdout.write(`Testing ${label} provider...\n`);
      const result = await withProgress(`waiting for ${label}…`, () => probeProvider(loaded.config, name, { prompt: options.prompt, ...(options.model === undefined ? {} : { model: options.model }) }));
      report(options, result);
      process.exitCode = result.ok ? EXIT_OK : EXIT_FAILURE;
    });
}

function report(options: TestOptions, result: ProbeReport): void {
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
