import type { Config } from '../config/schema.js';
import { Gateway, type Authenticator } from '../core/gateway.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createProviders } from '../providers/create-providers.js';
import { KeyAuthenticator } from '../security/key-authenticator.js';
import type { RateLimitStore } from '../security/rate-limit/rate-limit-store.js';
import type { KeyStore } from '../store/key-store.js';
import { openKeyStore } from '../store/open-key-store.js';
import { seedBudgetLedger } from '../usage/budget-stage.js';
import { openUsageStore } from '../usage/open-usage-store.js';
import { UsageRecorder } from '../usage/usage-recorder.js';
import { openAuditWriter } from '../audit/open-audit-writer.js';

export interface AssembledGateway {
  gateway: Gateway;
  logger: Logger;
  store: KeyStore;
  /** Settles when the budget ledger holds this period's spending from the usage store: await before serving. */
  ready: Promise<void>;
  close: () => Promise<void>;
}

export interface AssembleOptions {
  /**
   * Wraps the key authenticator, for callers that are not HTTP clients: the CLI's in-process chat
   * lets the local operator in without a key (src/app/local-operator-authenticator.ts).
   */
  authenticator?: (keys: Authenticator) => Authenticator;
  /**
   * Rate-limit buckets that outlive this gateway: the MCP server opens a gateway per `chat` call
   * and passes one store for its whole life, so each call does not start with full buckets.
   */
  rateLimitStore?: RateLimitStore;
}

/** The composition root: config in, a gateway with its providers, key store and logger out. */
export function assembleGateway(config: Readonly<Config>, logger: Logger = createLogger(config.logging.level), options: AssembleOptions = {}): AssembledGateway {
  const store = openKeyStore(config.storage.url);
  const usageStore = openUsageStore(config.storage.url);
  const usage = new UsageRecorder({ store: usageStore, onError: (error: unknown) => logger.warn({ err: error }, 'usage store failed') });
  const providers = createProviders(config);
  const keys = new KeyAuthenticator(store);
  const authenticator = options.authenticator === undefined ? keys : options.authenticator(keys);
  const gateway = new Gateway({ config, providers, authenticator, logger, usage, ...(options.rateLimitStore === undefined ? {} : { rateLimitStore: options.rateLimitStore }) });
  const ready = (async () => {
    await seedBudgetLedger(gateway.budgets, usageStore);
    if (!config.security.audit.enabled) return;
    const { writer, recovered } = await openAuditWriter(config.security.audit, {
      onError: (error) => logger.error({ err: error }, 'audit log write failed'),
    });
    if (recovered.length > 0) logger.warn({ recovered: recovered.length }, 'audit log: repaired a torn last line after a crash');
    gateway.attachAudit(writer);
  })();
  // Callers that never serve (and so never await `ready`) must not leave a rejection unhandled.
  ready.catch(() => undefined);
  return {
    gateway,
    logger,
    store,
    ready,
    close: async () => {
      // An audit writer still opening would hold the trail's lock after close: let it finish first.
      await ready.catch(() => undefined);
      await gateway.auditWriter?.close();
      await gateway.close();
      await usage.close();
      await usageStore.close();
      await store.close();
    },
  };
}

/** Sections the config accepts whose enforcement arrives in later releases: said out loud at start. */
export function pendingFeatureWarnings(_config: Readonly<Config>): string[] {
  // None at present: the response cache, the last one, is active.
  return [];
}
