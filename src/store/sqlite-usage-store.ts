import { openStoreDatabase, type SqliteDatabase, type SqliteStatement } from './sqlite-database.js';
import type { UsageQuery, UsageRow, UsageStore } from './usage-store.js';

/**
 * Schema steps of the usage tables, applied in order. The key store owns `PRAGMA user_version`
 * of the same file, so this component records its own step count in `schema_versions`. Append
 * new steps; never edit a released one.
 */
export const USAGE_STORE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS usage_daily (
     day TEXT NOT NULL,
     tenant TEXT NOT NULL,
     key_id TEXT NOT NULL,
     provider TEXT NOT NULL,
     model TEXT NOT NULL,
     requests INTEGER NOT NULL DEFAULT 0,
     prompt_tokens INTEGER NOT NULL DEFAULT 0,
     completion_tokens INTEGER NOT NULL DEFAULT 0,
     cached_tokens INTEGER NOT NULL DEFAULT 0,
     cost_usd REAL NOT NULL DEFAULT 0,
     errors INTEGER NOT NULL DEFAULT 0,
     partial_streams INTEGER NOT NULL DEFAULT 0,
     estimated_requests INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (day, tenant, key_id, provider, model)
   ) STRICT`,
];

export const USAGE_SCHEMA_COMPONENT = 'usage';

const BUSY_TIMEOUT_MS = 5000;
const ALL_DAYS_FROM = '0000-00-00';
const ALL_DAYS_UNTIL = '9999-99-99';

interface UsageTableRow {
  day: string;
  tenant: string;
  key_id: string;
  provider: string;
  model: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  errors: number;
  partial_streams: number;
  estimated_requests: number;
}

/** Daily usage totals in the same SQLite file as the keys (WAL: the CLI reads while the gateway writes). */
export class SqliteUsageStore implements UsageStore {
  readonly #database: SqliteDatabase;
  readonly #upsert: SqliteStatement;
  readonly #select: SqliteStatement;

  constructor(filePath: string) {
    this.#database = openStoreDatabase(filePath, BUSY_TIMEOUT_MS, migrate);
    this.#upsert = this.#database.prepare(
      `INSERT INTO usage_daily (day, tenant, key_id, provider, model, requests, prompt_tokens, completion_tokens, cached_tokens, cost_usd, errors, partial_streams, estimated_requests)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (day, tenant, key_id, provider, model) DO UPDATE SET
         requests = requests + excluded.requests,
         prompt_tokens = prompt_tokens + excluded.prompt_tokens,
         completion_tokens = completion_tokens + excluded.completion_tokens,
         cached_tokens = cached_tokens + excluded.cached_tokens,
         cost_usd = cost_usd + excluded.cost_usd,
         errors = errors + excluded.errors,
         partial_streams = partial_streams + excluded.partial_streams,
         estimated_requests = estimated_requests + excluded.estimated_requests`,
    );
    this.#select = this.#database.prepare(
      'SELECT * FROM usage_daily WHERE day >= ? AND day <= ? ORDER BY day, tenant, key_id, provider, model',
    );
  }

  async add(rows: readonly UsageRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.#database.immediate(() => {
      for (const row of rows) {
        this.#upsert.run(
          row.day, row.tenant, row.keyId, row.provider, row.model,
          row.requests, row.promptTokens, row.completionTokens, row.cachedTokens, row.costUsd,
          row.errors, row.partialStreams, row.estimatedRequests,
        );
      }
    });
  }

  async query(query: UsageQuery = {}): Promise<UsageRow[]> {
    const rows = this.#select.all(query.since ?? ALL_DAYS_FROM, query.until ?? ALL_DAYS_UNTIL) as UsageTableRow[];
    return rows.map(fromTableRow);
  }

  async close(): Promise<void> {
    this.#database.close();
  }
}


function migrate(database: SqliteDatabase): void {
  // Inside a write-locked transaction, so two processes opening a fresh file cannot both run a step.
  database.immediate(() => {
    database.exec('CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT');
    const found = database.prepare('SELECT version FROM schema_versions WHERE component = ?').get(USAGE_SCHEMA_COMPONENT) as { version: number } | undefined;
    const applied = Number(found?.version ?? 0);
    if (applied > USAGE_STORE_MIGRATIONS.length) {
      throw new Error(`the usage tables have schema version ${applied}, newer than this gateway knows (${USAGE_STORE_MIGRATIONS.length})`);
    }
    for (const step of USAGE_STORE_MIGRATIONS.slice(applied)) database.exec(step);
    if (applied < USAGE_STORE_MIGRATIONS.length) {
      database
        .prepare('INSERT INTO schema_versions (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version')
        .run(USAGE_SCHEMA_COMPONENT, USAGE_STORE_MIGRATIONS.length);
    }
  });
}

function fromTableRow(row: UsageTableRow): UsageRow {
  return {
    day: row.day,
    tenant: row.tenant,
    keyId: row.key_id,
    provider: row.provider,
    model: row.model,
    requests: Number(row.requests),
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    cachedTokens: Number(row.cached_tokens),
    costUsd: Number(row.cost_usd),
    errors: Number(row.errors),
    partialStreams: Number(row.partial_streams),
    estimatedRequests: Number(row.estimated_requests),
  };
}
