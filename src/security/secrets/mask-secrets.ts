/** What a masked credential is replaced by (after its non-secret prefix, when it has one). */
export const MASK = '[redacted]';

/**
 * Provider and gateway key formats: OpenAI (`sk-…`, `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`),
 * Anthropic (`sk-ant-api03-…`, `sk-ant-admin01-…`), DeepSeek (`sk-…`) and the gateway's own
 * (`sk-sllm-…`). `*` is in the body because upstreams echo keys half-starred ("sk-proj-****abcd").
 * Eight characters at least, so that words like `sk-learn` are left alone.
 */
const PROVIDER_KEY = /\b(sk-(?:sllm-|ant-(?:api|admin)\d*-|ant-|proj-|svcacct-|admin-)?)[A-Za-z0-9_*-]{8,}/g;
/** `Authorization: Bearer <token>` however it is quoted. */
const BEARER_TOKEN = /\b(Bearer\s+)[A-Za-z0-9._~+/=*-]{8,}/gi;
/** `api_key=…`, `"x-api-key": "…"`, `apiKey: …` in text that quotes a request or a config. */
const KEYED_VALUE = /\b((?:x-)?api[_-]?key["']?\s*[:=]\s*["']?)[^\s"',;&}]{8,}/gi;

/**
 * Replaces key-like substrings with `[redacted]`, keeping the prefix that says what kind of key
 * it was (`sk-ant-[redacted]`), which is all a reader needs to diagnose. For text the gateway did
 * not write itself (upstream error messages) and for log lines.
 */
export function maskSecrets(text: string): string {
  // Most text holds no key: one cheap test keeps logging and error mapping fast.
  if (!/sk-|bearer|api[_-]?key/i.test(text)) return text;
  return text.replace(PROVIDER_KEY, `$1${MASK}`).replace(BEARER_TOKEN, `$1${MASK}`).replace(KEYED_VALUE, `$1${MASK}`);
}
