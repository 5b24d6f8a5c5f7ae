import { Command } from 'commander';
import type { Config } from '../../config/schema.js';
import { isKeyId } from '../../security/api-key.js';
import { createApiKey, type CreateApiKeyOptions } from '../../security/create-api-key.js';
import { summarizeKey } from '../../security/key-summary.js';
import type { KeyStore } from '../../store/key-store.js';
import { openKeyStore } from '../../store/open-key-store.js';
import { loadCommandConfig } from '../command-config.js';
import { EXIT_FAILURE } from '../exit-codes.js';
import { CONFIG_HELP, examples } from '../help-text.js';
import { formatKeyTable } from '../key-table.js';
import { parseDurationOption, parseLabel, parseList, parseNonNegativeNumber, parsePositiveInteger } from '../option-parsers.js';

interface CommonOptions {
  config?: string;
  json?: boolean;
}

interface CreateOptions extends CommonOptions {
  tenant: string;
  name?: string;
  providers?: string[];
  models?: string[];
  rpm?: number;
  budgetUsd?: number;
  expiresIn?: number;
  admin?: boolean;
  localOnly?: boolean;
}

/** `securellm keys create|list|revoke`: manage the API keys clients present to the gateway. */
export function keysCommand(): Command {
  const keys = new Command('keys').description('create, list and revoke API keys');

  keys
    .command('create')
    .description('create an API key; the key is shown once and stored only as a hash')
    .option('--config <path>', CONFIG_HELP)
    .option('--tenant <tenant>', 'tenant the key belongs to', parseLabel, 'default')
    .option('--name <name>', 'a name to recognise the key by', parseLabel)
    .option('--providers <list>', 'providers the key may use, comma-separated (default all)', parseList)
    .option('--models <list>', 'models or aliases the key may use, comma-separated (default all)', parseList)
    .option('--rpm <n>', 'requests per minute for this key', parsePositiveInteger)
    .option('--budget-usd <usd>', 'spending budget in US dollars', parseNonNegativeNumber)
    .option('--expires-in <duration>', 'lifetime such as 90s, 15m, 12h, 30d (default never)', parseDurationOption)
    .option('--admin', 'allow the admin API')
    .option('--local-only', 'send this key\'s requests only to local providers (local, ollama)')
    .option('--json', 'print {"id", "key"} as JSON')
    .addHelpText(
      'after',
      `
The key (sk-sllm-…) is printed once, on stdout; only its hash is stored, in the database
[storage] url names. --json prints it too: handle that output as a secret.
${examples(
        'securellm keys create --tenant acme --name billing-bot --models smart --rpm 60',
        'securellm keys create --tenant acme --budget-usd 25 --expires-in 30d --json',
        'securellm keys create --admin --name ops',
      )}`,
    )
    .action(async (options: CreateOptions) => {
      await withStore(options, async (store, config) => {
        warnAboutUnknownTargets(options, config);
        const request: CreateApiKeyOptions = { tenant: options.tenant, admin: options.admin === true };
        if (options.name !== undefined) request.name = options.name;
        if (options.providers !== undefined) request.providers = options.providers;
        if (options.models !== undefined) request.models = options.models;
        if (options.rpm !== undefined) request.rpm = options.rpm;
        if (options.budgetUsd !== undefined) request.budgetUsd = options.budgetUsd;
        if (options.expiresIn !== undefined) request.expiresInMs = options.expiresIn;
        if (options.localOnly === true) request.localOnly = true;
        const { record, key } = await createApiKey(store, request);
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify({ id: record.id, key })}\n`);
          return;
        }
        const expiry = record.expiresAt === undefined ? '' : `, expires ${new Date(record.expiresAt).toISOString()}`;
        process.stdout.write(
          `Created API key ${record.id} for tenant ${record.tenant}${record.admin ? ' (admin)' : ''}${record.localOnly === true ? ' (local only)' : ''}${expiry}.\n\n` +
            `    ${key}\n\n` +
            'Store it now: it will not be shown again (only its hash is kept).\n',
        );
      });
    });

  keys
    .command('list')
    .description('list API keys with their status (never their secrets)')
    .option('--config <path>', CONFIG_HELP)
    .option('--json', 'print a JSON array (id, name, tenant, scopes, status, dates; never a hash)')
    .addHelpText('after', examples('securellm keys list', 'securellm keys list --json | jq -r \'.[] | select(.status == "active") | .id\''))
    .action(async (options: CommonOptions) => {
      await withStore(options, async (store) => {
        const now = Date.now();
        const summaries = (await store.list()).map((record) => summarizeKey(record, now));
        process.stdout.write(options.json === true ? `${JSON.stringify(summaries, null, 2)}\n` : formatKeyTable(summaries));
      });
    });

  keys
    .command('revoke')
    .description('revoke an API key; a running gateway refuses it within a second')
    .argument('<id>', 'the key id (the 12 characters after sk-sllm-)')
    .option('--config <path>', CONFIG_HELP)
    .option('--json', 'print the revoked key as JSON')
    .addHelpText('after', `\nRevoking a key that is already revoked succeeds and says so; an unknown id exits 1.
${examples('securellm keys revoke 3f9k2m7q8w1x', 'securellm keys revoke 3f9k2m7q8w1x --json')}`)
    .action(async (id: string, options: CommonOptions) => {
      // The argument is not echoed back: someone may have pasted a whole key by mistake.
      if (!isKeyId(id)) return fail('not a key id: give the 12 lower-case characters after sk-sllm- (see keys list)');
      await withStore(options, async (store) => {
        const before = await store.findById(id);
        if (before === undefined || !(await store.revoke(id))) return fail(`no API key with id ${id}`);
        const after = (await store.findById(id)) ?? before;
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify(summarizeKey(after, Date.now()))}\n`);
        } else if (before.revokedAt !== undefined) {
          process.stdout.write(`API key ${id} was already revoked at ${new Date(before.revokedAt).toISOString()}\n`);
        } else {
          process.stdout.write(`Revoked API key ${id}\n`);
        }
      });
    });

  return keys;
}

/** Loads the config, opens the key store it names, runs `use`, and always closes the store. */
async function withStore(options: CommonOptions, use: (store: KeyStore, config: Readonly<Config>) => Promise<void>): Promise<void> {
  const loaded = loadCommandConfig(options.config);
  if (loaded === undefined) return;
  const store = openKeyStore(loaded.config.storage.url);
  try {
    await use(store, loaded.config);
  } finally {
    await store.close();
  }
}

/** A restriction naming something the config lacks is allowed (config may change) but likely a typo. */
function warnAboutUnknownTargets(options: CreateOptions, config: Readonly<Config>): void {
  for (const provider of options.providers ?? []) {
    if (config.providers[provider] === undefined) process.stderr.write(`warning: provider ${provider} is not configured\n`);
  }
  for (const model of options.models ?? []) {
    const slash = model.indexOf('/');
    const known = slash === -1 ? config.models[model] !== undefined : config.providers[model.slice(0, slash)] !== undefined;
    if (!known) process.stderr.write(`warning: model ${model} is neither an alias nor a configured provider's model\n`);
  }
}

function fail(reason: string): void {
  process.stderr.write(`securellm: ${reason}\n`);
  process.exitCode = EXIT_FAILURE;
}
