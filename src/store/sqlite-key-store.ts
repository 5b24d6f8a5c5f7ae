import type { KeyRecord, KeyStore } from './key-store.js';
import { openStoreDatabase, type SqliteDatabase, type SqliteStatement } from './sqlite-database.js';

/**
 * Schema steps, applied in order; `PRAGMA user_version` records how many have run, so opening an
 * up-to-date database changes nothing. Append new steps; never edit a released one.
 */
export const KEY_STORE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS api_keys (
     id TEXT PRIMARY KEY,
     name TEXT,
     tenant TEXT NOT NULL,
     hash TEXT NOT NULL,
     providers TEXT,
     models TEXT,
     rpm INTEGER,
     budget_usd REAL,
     admin INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     expires_at INTEGER,
     revoked_at INTEGER
   ) STRICT`,
  // 2: keys whose requests may only go to local providers.
  'ALTER TABLE api_keys ADD COLUMN local_only INTEGER NOT NULL DEFAULT 0',
];

/** Long enough for a CLI write to wait out a gateway's read, short enough to fail visibly. */
const BUSY_TIMEOUT_MS = 5000;

interface KeyRow {
  id: string;
  name: string | null;
  tenant: string;
  hash: string;
  providers: string | null;
  models: string | null;
  rpm: number | null;
  budget_usd: number | null;
  admin: number;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  local_only: number;
}

/** API keys in a local SQLite file (WAL, so the CLI can write while the gateway reads). */
export class SqliteKeyStore implements KeyStore {
  readonly #database: SqliteDatabase;
  readonly #insert: SqliteStatement;
  readonly #selectOne: SqliteStatement;
  readonly #selectAll: SqliteStatement;
  readonly #revoke: SqliteStatement;

  constructor(filePath: string) {
    this.#database = openStoreDatabase(filePath, BUSY_TIMEOUT_MS, migrate);
    this.#insert = this.#database.prepare(
      `INSERT INTO api_keys (id, name, tenant, hash, providers, models, rpm, budget_usd, admin, created_at, expires_at, revoked_at, local_only)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#selectOne = this.#database.prepare('SELECT * FROM api_keys WHERE id = ?');
    this.#selectAll = this.#database.prepare('SELECT * FROM api_keys ORDER BY created_at, id');
    this.#revoke = this.#database.prepare('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?');
  }

  async create(record: KeyRecord): Promise<void> {
    const row = toRow(record);
    this.#insert.run(row.id, row.name, row.tenant, row.hash, row.providers, row.models, row.rpm, row.budget_usd, row.admin, row.created_at, row.expires_at, row.revoked_at, row.local_only);
  }

  async findById(id: string): Promise<KeyRecord | undefined> {
    const row = this.#selectOne.get(id) as KeyRow | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  async list(): Promise<KeyRecord[]> {
    return (this.#selectAll.all() as KeyRow[]).map(fromRow);
  }

  async revoke(id: string, at: number = Date.now()): Promise<boolean> {
    return Number(this.#revoke.run(at, id).changes) > 0;
  }

  async close(): Promise<void> {
    this.#database.close();
  }
}


function migrate(database: SqliteDatabase): void {
  // Read inside an immediate (write-locked) transaction, so two processes opening a fresh file at
  // once cannot both apply the same step.
  database.immediate(() => {
    const applied = Number(database.pragma('user_version'));
    if (applied > KEY_STORE_MIGRATIONS.length) {
      throw new Error(`the key database has schema version ${applied}, newer than this gateway knows (${KEY_STORE_MIGRATIONS.length})`);
    }
    for (const step of KEY_STORE_MIGRATIONS.slice(applied)) database.exec(step);
    if (applied < KEY_STORE_MIGRATIONS.length) database.exec(`PRAGMA user_version = ${KEY_STORE_MIGRATIONS.length}`);
  });
}

function toRow(record: KeyRecord): KeyRow {
  return {
    id: record.id,
    name: record.name ?? null,
    tenant: record.tenant,
    hash: record.hash,
    providers: record.providers === undefined ? null : JSON.stringify(record.providers),
    models: record.models === undefined ? null : JSON.stringify(record.models),
    rpm: record.rpm ?? null,
    budget_usd: record.budgetUsd ?? null,
    admin: record.admin ? 1 : 0,
    created_at: record.createdAt,
    expires_at: record.expiresAt ?? null,
    revoked_at: record.revokedAt ?? null,
    local_only: record.localOnly === true ? 1 : 0,
  };
}

function fromRow(row: KeyRow): KeyRecord {
  const record: KeyRecord = { id: row.id, tenant: row.tenant, hash: row.hash, admin: row.admin === 1, createdAt: row.created_at };
  if (row.name !== null) record.name = row.name;
  if (row.providers !== null) record.providers = parseStringList(row.providers);
  if (row.models !== null) record.models = parseStringList(row.models);
  if (row.rpm !== null) record.rpm = row.rpm;
  if (row.budget_usd !== null) record.budgetUsd = row.budget_usd;
  if (row.expires_at !== null) record.expiresAt = row.expires_at;
  if (row.revoked_at !== null) record.revokedAt = row.revoked_at;
  if (row.local_only === 1) record.localOnly = true;
  return record;
}

/** A damaged list must restrict, not widen: anything unreadable becomes an empty allow-list. */
function parseStringList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
