import { formatParamPath, invalidRequest } from '../invalid-request-error.js';

/**
 * Names that other gateways and SDKs read from a request body to choose the upstream, its
 * credentials or its headers (LiteLLM's `api_base`, `custom_llm_provider`, `extra_headers`, …).
 * Here the upstream and its key come only from config, so a body naming any of them is an attempt
 * or a misunderstanding either way, and is refused at any depth rather than ignored. Compared
 * without case, `_`, `-` and `.`, so `apiKey`, `API-KEY` and `api_key` are one name.
 */
const FORBIDDEN_ANYWHERE: ReadonlySet<string> = new Set([
  'apibase',
  'apikey',
  'apiurl',
  'apiversion',
  'baseurl',
  'customllmprovider',
  'extraheaders',
  'extrabody',
  'extraquery',
  'defaultheaders',
  'headers',
  'proxy',
  'proxies',
  'proxyurl',
  'endpoint',
  'authorization',
  'xapikey',
  'accesstoken',
  'bearertoken',
  'awsaccesskeyid',
  'awssecretaccesskey',
  'awssessiontoken',
  'awsregionname',
  'vertexcredentials',
  'vertexproject',
  'vertexlocation',
  'azureadtoken',
]);

/** At the top level, any name that looks like an address is refused too (`url`, `host`, `*_uri`). */
const ADDRESS_LIKE = /(url|uri|host|endpoint|base)$/;

/**
 * Paths where the names above are the client's own data, not settings: a tool's JSON Schema may
 * well describe an HTTP tool taking `url` and `headers`, and a tool_use block echoes the arguments
 * the model produced. They are forwarded as a schema or as data and never read by the gateway.
 * `*` is one key or index, a trailing `**` any depth below.
 */
const ALLOWED_PATHS: ReadonlyArray<readonly string[]> = [
  ['tools', '*', 'function', 'parameters', '**'],
  ['tools', '*', 'input_schema', '**'],
  ['response_format', 'json_schema', 'schema', '**'],
  ['messages', '*', 'content', '*', 'input', '**'],
  ['messages', '*', 'content', '*', 'image_url', 'url'],
  ['messages', '*', 'content', '*', 'source', 'url'],
  ['messages', '*', 'content', '*', 'content', '*', 'source', 'url'],
];

function normalized(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}

function matches(pattern: readonly string[], path: ReadonlyArray<string | number>): boolean {
  for (let index = 0; index < pattern.length; index++) {
    const segment = pattern[index];
    if (segment === '**') return path.length > index;
    if (index >= path.length) return false;
    if (segment !== '*' && segment !== path[index]) return false;
  }
  return pattern.length === path.length;
}

/** True where a forbidden name is the client's data (see ALLOWED_PATHS). */
export function isAllowedPath(path: ReadonlyArray<string | number>): boolean {
  return ALLOWED_PATHS.some((pattern) => matches(pattern, path));
}

function isForbidden(key: string, depth: number): boolean {
  const name = normalized(key);
  return FORBIDDEN_ANYWHERE.has(name) || (depth === 0 && ADDRESS_LIKE.test(name));
}

function walk(value: unknown, path: Array<string | number>, maxDepth: number): void {
  if (typeof value !== 'object' || value === null) return;
  // The raw text's depth was checked before parsing; this guards callers that skip that step.
  if (path.length >= maxDepth) throw invalidRequest(formatParamPath(path), `request body nests deeper than ${maxDepth} levels`);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      walk(value[index], path, maxDepth);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    if (isForbidden(key, path.length - 1) && !isAllowedPath(path)) {
      const param = formatParamPath(path);
      throw invalidRequest(
        param,
        `'${param}' is not accepted: the upstream, its credentials and its headers come only from the gateway's configuration`,
      );
    }
    walk((value as Record<string, unknown>)[key], path, maxDepth);
    path.pop();
  }
}

/**
 * Refuses any field that could redirect traffic or credentials, at any depth, naming its path
 * (400). Runs on the parsed body before the schema, so the refusal says why instead of calling
 * the field merely unknown.
 */
export function refuseForbiddenFields(body: unknown, maxDepth: number): void {
  walk(body, [], maxDepth);
}
