import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { createSecureContext, type Server } from 'node:tls';
import type { Logger } from '../../core/logger.js';
import { readSecureContextOptions, type TlsFiles } from './tls-files.js';

/** Several files are often replaced one after another; one reload after the last of them. */
const SETTLE_MS = 100;

/**
 * Watches the certificate, key, client CA and CRL files and swaps the server's secure context
 * when they change, without a restart: connections made afterwards see the new files, open ones
 * keep theirs. A reload that fails (a half-written file, a key that does not match the
 * certificate) keeps the previous context and logs why.
 */
export class TlsReloader {
  readonly #server: Server;
  readonly #files: TlsFiles;
  readonly #logger: Logger;
  readonly #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<boolean> = Promise.resolve(true);

  constructor(server: Server, files: TlsFiles, logger: Logger) {
    this.#server = server;
    this.#files = files;
    this.#logger = logger;
  }

  /**
   * Watches the files' directories rather than the files: a file replaced by rename (what editors,
   * `cp` over a symlink swap and Kubernetes secret volumes do) would end a watch on the file itself.
   */
  start(): void {
    const names = new Map<string, Set<string>>();
    for (const file of Object.values(this.#files) as string[]) {
      const directory = path.dirname(path.resolve(file));
      const set = names.get(directory) ?? new Set<string>();
      set.add(path.basename(file));
      names.set(directory, set);
    }
    for (const [directory, watched] of names) {
      const watcher = watch(directory, { persistent: false }, (_event, name) => {
        // Kubernetes swaps a `..data` symlink; every other name must be one of the files.
        if (name === null || watched.has(name) || name.startsWith('..')) this.#schedule();
      });
      watcher.on('error', (error) => this.#logger.warn({ err: error, directory }, 'tls: cannot watch certificate directory'));
      this.#watchers.push(watcher);
    }
  }

  /** Reads the files and swaps the context; resolves false (and logs) when they cannot be used. */
  reload(): Promise<boolean> {
    // One reload at a time, so an older read can never overwrite a newer one.
    this.#reloading = this.#reloading.then(() => this.#reloadOnce());
    return this.#reloading;
  }

  close(): void {
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers.length = 0;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), SETTLE_MS);
    this.#timer.unref();
  }

  async #reloadOnce(): Promise<boolean> {
    try {
      const options = await readSecureContextOptions(this.#files);
      // Built first as a check (key matches certificate, every PEM parses): setSecureContext
      // stores the new options on the server before it builds, and would keep them on failure.
      createSecureContext(options);
      this.#server.setSecureContext(options);
      this.#logger.info({ cert: this.#files.cert }, 'tls: certificates reloaded');
      return true;
    } catch (error) {
      this.#logger.error({ err: error }, 'tls: reload failed, keeping the previous certificates');
      return false;
    }
  }
}
