import { Command, InvalidArgumentError } from 'commander';
import { openUsageStore } from '../../usage/open-usage-store.js';
import { parseSince } from '../../usage/parse-since.js';
import { isUsageDimension, summarizeUsage, USAGE_DIMENSIONS, type SummarizeOptions, type UsageDimension } from '../../usage/usage-report.js';
import { formatUsageTable } from '../../usage/usage-table.js';
import { loadCommandConfig } from '../command-config.js';
import { CONFIG_HELP, examples } from '../help-text.js';

interface UsageOptions {
  config?: string;
  by?: UsageDimension;
  since?: string;
  json?: boolean;
}

/**
 * `securellm usage`: requests, tokens and cost per UTC day, tenant, key, provider and model, from
 * the store `[storage] url` names. A running gateway writes its totals every quarter second, so
 * the report is at most that far behind.
 */
export function usageCommand(): Command {
  return new Command('usage')
    .description('report requests, tokens and cost per tenant, key, provider, model and day (UTC)')
    .option('--config <path>', CONFIG_HELP)
    .option('--by <dimension>', `sum per ${USAGE_DIMENSIONS.join('|')} (default: one row per day, tenant, key, provider and model)`, parseDimension)
    .option('--since <when>', 'first UTC day included: a date such as 2026-11-01, or 7d for the last seven days', parseSinceOption)
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Read from the database [storage] url names; a running gateway writes its totals every quarter
second. Answers from the response cache are rows of provider "cache", with no cost.
${examples(
        'securellm usage --since 7d',
        'securellm usage --by tenant --since 2026-11-01',
        'securellm usage --by model --json',
      )}`,
    )
    .action(async (options: UsageOptions) => {
      const loaded = loadCommandConfig(options.config);
      if (loaded === undefined) return;
      const store = openUsageStore(loaded.config.storage.url);
      try {
        const rows = await store.query(options.since === undefined ? {} : { since: options.since });
        const summary: SummarizeOptions = {};
        if (options.by !== undefined) summary.by = options.by;
        if (options.since !== undefined) summary.since = options.since;
        const report = summarizeUsage(rows, summary);
        process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatUsageTable(report));
      } finally {
        await store.close();
      }
    });
}

function parseDimension(text: string): UsageDimension {
  const value = text.trim();
  if (!isUsageDimension(value)) throw new InvalidArgumentError(`use one of ${USAGE_DIMENSIONS.join(', ')}.`);
  return value;
}

function parseSinceOption(text: string): string {
  try {
    return parseSince(text);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
}
