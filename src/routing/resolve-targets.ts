import type { Config } from '../config/schema.js';
import { GatewayError } from '../core/errors.js';
import type { Provider } from '../core/provider.js';
import type { Target } from './target.js';

/** Client text echoed in an error message is cut short: the model field may be any size. */
const ECHO_LIMIT = 200;

/**
 * Turns the model a client named into the targets to try, in order.
 *
 * - an alias `[models.NAME]` → its enabled targets, in order (an alias wins over a provider of the
 *   same name: it is the operator's explicit choice);
 * - `provider/model` → one target; split at the first `/`, so `local/org/model` is model `org/model`;
 * - a bare provider name → its default model (`[providers.NAME].model`, else the provider's own).
 *
 * `providers` holds only enabled providers: a provider missing from it counts as disabled.
 * @throws GatewayError `model_not_found` (param `model`) when nothing can serve the id.
 */
export function resolveTargets(modelId: string, config: Readonly<Config>, providers: ReadonlyMap<string, Provider>): Target[] {
  // Object.hasOwn: a client must not reach `constructor` or other prototype keys.
  const alias = Object.hasOwn(config.models, modelId) ? config.models[modelId] : undefined;
  if (alias !== undefined) {
    // Strategies 'cheapest' and 'fastest' are not implemented yet (a later issue): until then every
    // alias is tried in the order the operator wrote its targets, which is what 'ordered' means.
    const targets: Target[] = [];
    for (const id of alias.targets) {
      const target = splitTarget(id);
      if (target !== undefined && providers.has(target.provider)) targets.push(target);
    }
    if (targets.length === 0) throw notFound(`none of the targets of model alias '${echo(modelId)}' is enabled`);
    return targets;
  }

  const slash = modelId.indexOf('/');
  if (slash >= 0) {
    const target = splitTarget(modelId);
    if (target === undefined) throw notFound(`model '${echo(modelId)}' is not a provider/model id`);
    if (!providers.has(target.provider)) throw notFound(`provider '${echo(target.provider)}' is unknown or not enabled`);
    return [target];
  }

  const provider = providers.get(modelId);
  if (provider === undefined) {
    throw notFound(`unknown model '${echo(modelId)}': name a provider/model id, an enabled provider, or a model alias`);
  }
  const providerConfig = Object.hasOwn(config.providers, modelId) ? config.providers[modelId] : undefined;
  const model = providerConfig?.model ?? provider.defaultModel;
  if (model === undefined || model === '') {
    throw notFound(`provider '${modelId}' has no default model: name one as ${modelId}/MODEL`);
  }
  return [{ provider: modelId, model, id: `${modelId}/${model}` }];
}

/** `provider/model` split at the first `/`; undefined when either side is empty. */
function splitTarget(id: string): Target | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  return { provider: id.slice(0, slash), model: id.slice(slash + 1), id };
}

function notFound(message: string): GatewayError {
  return new GatewayError('model_not_found', message, { param: 'model' });
}

function echo(text: string): string {
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
}
