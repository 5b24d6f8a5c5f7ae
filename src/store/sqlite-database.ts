import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type SqliteValue = string | number | bigint | null | Uint8Array;

export interface SqliteStatement {
  run(...parameters: SqliteValue[]): { changes: number | bigint };
  get(...parameters: SqliteValue[]): unknown;
  all(...parameters: SqliteValue[]): unknown[];
}

/** The little of SQLite the stores use, the same whichever driver is underneath. */
export interface SqliteDatabase {
  readonly driver: 'node:sqlite' | 'better-sqlite3';
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  /** Runs `work` in a write-locked transaction (BEGIN IMMEDIATE), rolled back if it throws. */
  immediate<T>(work: () => T): T;
  /** A single-value PRAGMA, read. */
  pragma(name: string): unknown;
  close(): void;
}

interface NativeDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

const require = createRequire(import.meta.url);

/**
 * Opens a SQLite file with Node's built-in `node:sqlite` where the running Node.js has it
 * (22.13 and later, so Node 24 LTS), else with better-sqlite3 (Node 20). better-sqlite3 12 is not
 * used on Node 24: built against Node ≥ 24.19 headers its statements abort the process when the
 * garbage collector finalises them (node::ObjectWrap cleanup-hook assertion), and version 13,
 * which fixes that, does not run on Node 20.
 */
export function openSqliteDatabase(filePath: string, busyTimeoutMs: number): SqliteDatabase {
  const builtIn = loadBuiltIn();
  const driver = builtIn === undefined ? 'better-sqlite3' : 'node:sqlite';
  const native: NativeDatabase = builtIn === undefined ? openBetterSqlite(filePath) : new builtIn(filePath);
  let open = true;
  const database: SqliteDatabase = {
    driver,
    exec: (sql) => native.exec(sql),
    prepare: (sql) => native.prepare(sql),
    immediate<T>(work: () => T): T {
      native.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        native.exec('COMMIT');
        return result;
      } catch (error) {
        native.exec('ROLLBACK');
        throw error;
      }
    },
    pragma(name) {
      const row = native.prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
      return row === undefined ? undefined : Object.values(row)[0];
    },
    close() {
      if (!open) return;
      open = false;
      native.close();
    },
  };
  try {
    native.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

function loadBuiltIn(): (new (path: string) => NativeDatabase) | undefined {
  try {
    return (require('node:sqlite') as { DatabaseSync: new (path: string) => NativeDatabase }).DatabaseSync;
  } catch {
    return undefined;
  }
}

function openBetterSqlite(filePath: string): NativeDatabase {
  const Database = require('better-sqlite3') as new (path: string) => NativeDatabase;
  return new Database(filePath);
}

/**
 * Creates the folder (0700) and an empty file (0600) before SQLite opens it: the database holds key
 * hashes, tenants and usage, which are nobody else's business. SQLite gives its -wal and -shm
 * files the same mode as the database.
 */
export function preparePrivateFile(filePath: string): void {
  mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
  closeSync(openSync(filePath, 'a', 0o600));
  chmodSync(filePath, 0o600);
}

/**
 * Opens one of the stores' database files: private file modes, WAL (so the CLI can read and write
 * while the gateway runs), then the store's own migrations; closed again if any step fails.
 */
export function openStoreDatabase(filePath: string, busyTimeoutMs: number, migrate: (database: SqliteDatabase) => void): SqliteDatabase {
  preparePrivateFile(filePath);
  const database = openSqliteDatabase(filePath, busyTimeoutMs);
  try {
    database.exec('PRAGMA journal_mode = WAL');
    migrate(database);
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}
