import { GatewayError, ProviderError } from '../core/errors.js';
import type { Provider } from '../core/provider.js';
import type { RequestContext } from '../core/request-context.js';
import type { ProviderConfig } from '../config/schema.js';
import { classifyAddress } from '../security/egress/address-class.js';
import { isLoopbackName, normalizeHostname } from '../security/egress/egress-policy.js';
import { DEFAULT_BASE_URLS } from '../providers/provider-options.js';
import type { Target } from './target.js';

/** Why a request may only go to local providers; the audit record's `routing_reason` names them. */
export type LocalOnlyReason = 'key' | 'tenant' | 'pii';

/**
 * The reasons that keep this request local, strongest first: the key is marked `local_only`
 * (`keys create --local-only`), its tenant is listed in `[security] local_only_tenants`, or the
 * data guard found personal data under `[security.guardrails] pii = "local_only"`.
 */
export function localOnlyReasons(context: RequestContext, localOnlyTenants: readonly string[]): LocalOnlyReason[] {
  const reasons: LocalOnlyReason[] = [];
  const principal = context.principal;
  if (principal?.localOnly === true) reasons.push('key');
  if (principal !== undefined && localOnlyTenants.includes(principal.tenant)) reasons.push('tenant');
  if (context.localOnly === true) reasons.push('pii');
  return reasons;
}

/** Local providers run on the operator's own machines: ml-offload-api (`local`) and Ollama. */
export function isLocalProvider(provider: Provider | undefined): boolean {
  return provider?.kind === 'local' || provider?.kind === 'ollama';
}

/**
 * Ollama's cloud models (`gpt-oss:120b-cloud`, `…:cloud`) are served by ollama.com through the
 * local daemon: the prompt leaves the machine, so they are not local.
 */
const CLOUD_MODEL = /[-:]cloud$/i;

/**
 * A target a local-only request may use: a local provider kind, a model that runs there (not an
 * Ollama cloud model), and a `base_url` on the operator's own network: loopback or a private
 * address, or a provider the operator declared `on_premises = true` (for names such as
 * `gpu-box.internal`, whose addresses the config cannot show).
 */
export function isLocalTarget(target: Target, provider: Provider | undefined, config: ProviderConfig | undefined): boolean {
  if (provider === undefined || !isLocalProvider(provider) || CLOUD_MODEL.test(target.model)) return false;
  if (config?.on_premises === true) return true;
  return isOnPremisesUrl(config?.base_url ?? DEFAULT_BASE_URLS[provider.kind]);
}

function isOnPremisesUrl(baseUrl: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(baseUrl).hostname;
  } catch {
    return false;
  }
  if (isLoopbackName(hostname)) return true;
  const addressClass = classifyAddress(normalizeHostname(hostname));
  return addressClass === 'loopback' || addressClass === 'private' || addressClass === 'cgnat';
}

/**
 * Keeps only the local targets of a request that must stay local.
 * @throws GatewayError `local_only_unavailable` (503) when the model has no local target: the
 *   request is refused rather than sent to a cloud provider.
 */
export function keepLocalTargets(
  targets: readonly Target[],
  providers: ReadonlyMap<string, Provider>,
  configs: Readonly<Record<string, ProviderConfig>>,
  model: string,
  reasons: readonly LocalOnlyReason[],
): Target[] {
  const local = targets.filter((target) => isLocalTarget(target, providers.get(target.provider), configs[target.provider]));
  if (local.length === 0) {
    throw new GatewayError('local_only_unavailable', `${describeReasons(reasons)} may only go to a local provider, and ${model} has no local target`, { param: 'model' });
  }
  return local;
}

/**
 * What a local-only request answers when every local target failed or declined: 503
 * `local_only_unavailable` with the last target's reason, never a cloud call. A request the
 * upstream found malformed, and the client's own limits and budgets, keep their own errors.
 */
export function localOnlyFailure(error: unknown, reasons: readonly LocalOnlyReason[]): unknown {
  if (!(error instanceof GatewayError)) return error;
  if (error instanceof ProviderError ? error.kind === 'bad_request' : error.status < 500) return error;
  return new GatewayError('local_only_unavailable', `${describeReasons(reasons)} may only go to a local provider, and none can serve it now: ${error.message}`, { cause: error });
}

function describeReasons(reasons: readonly LocalOnlyReason[]): string {
  const first = reasons[0];
  if (first === 'key') return 'requests with this API key';
  if (first === 'tenant') return "this tenant's requests";
  return 'a request containing personal data';
}
