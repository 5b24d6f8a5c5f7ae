import type { Provider } from '../core/provider.js';
import { AUTO_MODEL } from '../providers/local/local-provider.js';
import type { RoutedStream } from './router.js';
import type { Target } from './target.js';

/**
 * The target that really answers, for headers, usage and the audit record: for `local/auto` the
 * model the local provider chose (its start chunk names it). The router keeps `local/auto` as the
 * circuit breaker's key, so a model switch does not split the target's health.
 */
export function servedTarget(routed: RoutedStream, provider: Provider | undefined): Target {
  const target = routed.target;
  if (provider?.kind !== 'local' || target.model !== AUTO_MODEL || routed.first.type !== 'start') return target;
  const model = routed.first.model;
  return model === '' || model === AUTO_MODEL ? target : { provider: target.provider, model, id: `${target.provider}/${model}` };
}
