import type { KeyStore } from '../../store/key-store.js';
import { openKeyStore } from '../../store/open-key-store.js';

/** Lends the key store to `use` for the length of one admin action. */
export type KeyStoreAccess = <Result>(use: (store: KeyStore) => Promise<Result>) => Promise<Result>;

/** Lends a store the caller already holds (and keeps open). */
export function sharedKeyStore(store: KeyStore): KeyStoreAccess {
  return (use) => use(store);
}

/**
 * Opens the store named by `[storage] url` for each admin action and closes it after, the way the
 * `keys` CLI does. The gateway does not hand its own store to the request handler, and admin calls
 * are rare enough that an open per call costs nothing that matters; keys written this way reach
 * the running gateway through the same file its authenticator reads.
 */
export function keyStorePerUse(url: string): KeyStoreAccess {
  return async (use) => {
    const store = openKeyStore(url);
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  };
}
