import path from 'node:path';
import { SqliteUsageStore } from '../store/sqlite-usage-store.js';
import type { UsageStore } from '../store/usage-store.js';

/**
 * Opens the usage store named by `[storage] url`: `sqlite:PATH`, the same file as the keys (a
 * relative PATH is taken from the working directory).
 */
export function openUsageStore(url: string): UsageStore {
  if (url.startsWith('sqlite:')) {
    const filePath = url.slice('sqlite:'.length);
    if (filePath === '') throw new Error('storage url sqlite: needs a file path, e.g. sqlite:./data/securellm.db');
    return new SqliteUsageStore(path.resolve(process.cwd(), filePath));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('PostgreSQL storage comes in a later release; use sqlite:PATH in [storage] url for now');
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  throw new Error(`unsupported storage url scheme ${url.split(':')[0] ?? ''}: use sqlite:PATH`);
}
