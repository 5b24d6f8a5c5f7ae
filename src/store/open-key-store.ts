import path from 'node:path';
import type { KeyStore } from './key-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';

/**
 * Opens the key store named by `[storage] url`: `sqlite:PATH` (a relative PATH is taken from the
 * working directory). PostgreSQL is accepted by the config schema but not implemented yet.
 */
export function openKeyStore(url: string): KeyStore {
  if (url.startsWith('sqlite:')) {
    const filePath = url.slice('sqlite:'.length);
    if (filePath === '') throw new Error('storage url sqlite: needs a file path, e.g. sqlite:./data/securellm.db');
    return new SqliteKeyStore(path.resolve(process.cwd(), filePath));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('PostgreSQL storage comes in a later release; use sqlite:PATH in [storage] url for now');
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  throw new Error(`unsupported storage url scheme ${url.split(':')[0] ?? ''}: use sqlite:PATH`);
}
