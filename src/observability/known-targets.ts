import type { Config } from '../config/schema.js';
import type { Provider } from '../core/provider.js';
import { BUILT_IN_PRICES } from '../usage/pricing-table.js';

/** A target the operator configured: its id and the label values it is reported under. */
export interface KnownTarget {
  id: string;
  provider: string;
  model: string;
  /** Named by the operator (not only priced by the built-in table): always shown by the circuit gauge. */
  configured: boolean;
}

/**
 * The `provider/model` ids that may appear as metric labels, all of enabled providers: each
 * provider's default model and listed local models, `local/auto`, every alias target, and the
 * priced models (config `[pricing]` and the built-in table, a list fixed in code). Anything else a
 * client names (`openai/made-up-model` reaches a real target) is reported as model `unknown`.
 */
export class KnownTargets {
  readonly #targets = new Map<string, KnownTarget>();

  constructor(config: Readonly<Config>, providers: ReadonlyMap<string, Provider>) {
    for (const [name, provider] of providers) {
      const section = Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
      const defaultModel = section?.model ?? provider.defaultModel;
      if (defaultModel !== undefined && defaultModel !== '') this.#add(name, defaultModel, providers, true);
      for (const model of section?.models ?? []) this.#add(name, model.name, providers, true);
      if (provider.kind === 'local') this.#add(name, 'auto', providers, true);
    }
    for (const alias of Object.values(config.models)) for (const id of alias.targets) this.#addId(id, providers, true);
    for (const id of Object.keys(config.pricing)) this.#addId(id, providers, true);
    for (const id of Object.keys(BUILT_IN_PRICES)) this.#addId(id, providers, false);
  }

  get(id: string): KnownTarget | undefined {
    return this.#targets.get(id);
  }

  all(): IterableIterator<KnownTarget> {
    return this.#targets.values();
  }

  #addId(id: string, providers: ReadonlyMap<string, Provider>, configured: boolean): void {
    const slash = id.indexOf('/');
    if (slash <= 0 || slash === id.length - 1) return;
    const model = id.slice(slash + 1);
    // `provider/*` prices a whole provider; it names no model.
    if (model !== '*') this.#add(id.slice(0, slash), model, providers, configured);
  }

  #add(provider: string, model: string, providers: ReadonlyMap<string, Provider>, configured: boolean): void {
    if (!providers.has(provider)) return;
    const id = `${provider}/${model}`;
    const existing = this.#targets.get(id);
    if (existing === undefined) this.#targets.set(id, { id, provider, model, configured });
    else if (configured) existing.configured = true;
  }
}
