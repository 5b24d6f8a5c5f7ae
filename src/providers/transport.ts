import type { LookupFunction } from 'node:net';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { ProviderError } from '../core/errors.js';
import { createEgressConnector } from '../security/egress/create-egress-connector.js';
import { EgressRefusedError } from '../security/egress/egress-refused-error.js';
import { DEFAULT_MAX_STREAM_BYTES, guardUpstreamResponse } from '../security/egress/guard-upstream-response.js';
import { UpstreamBodyRefusedError } from '../security/egress/upstream-body-refused-error.js';
import type { Secret } from '../security/secrets/secret.js';

export interface TransportOptions {
  /** Provider name, for errors. */
  provider: string;
  /** The provider's base URL from config; its path is prefixed to every request path. */
  baseUrl: string;
  /** Until the upstream's response headers arrive. */
  headersTimeoutMs: number;
  /** Between two body chunks: an idle timeout, which is what streams need. */
  idleTimeoutMs: number;
  /** Largest non-streaming body read into memory. */
  maxResponseBytes: number;
  /** Total bytes one response may carry, streams included; `DEFAULT_MAX_STREAM_BYTES` by default. */
  maxStreamBytes?: number;
  connections?: number;
  /** The provider's `allow_private_network`: otherwise private, link-local and metadata addresses are refused. */
  allowPrivateNetwork?: boolean;
  /** Header name → value sent on every request, revealed only when the request is written. */
  credentials?: Readonly<Record<string, Secret>>;
  /** The resolver under the egress check (tests stub it); `dns.lookup` by default. */
  lookup?: LookupFunction;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Overrides the headers timeout for this call (health probes). */
  headersTimeoutMs?: number;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

/**
 * HTTP transport to one upstream origin, on an undici keep-alive `Pool`. No redirects are followed
 * (a Pool has no redirect handling), bodies are asked for uncompressed and an encoded one is
 * refused, each response's size is capped, every connection passes the egress policy, and every
 * failure becomes a typed `ProviderError`.
 */
export class Transport {
  private readonly pool: Pool;
  private readonly dispatcher: Dispatcher;
  private readonly basePath: string;

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 128,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.idleTimeoutMs,
      connect: createEgressConnector({
        allowPrivateNetwork: options.allowPrivateNetwork ?? false,
        ...(options.lookup === undefined ? {} : { resolve: options.lookup }),
      }),
    });
    this.dispatcher = this.pool.compose(guardUpstreamResponse({ maxBytes: options.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES }));
  }

  get maxResponseBytes(): number {
    return this.options.maxResponseBytes;
  }

  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    const headers: Record<string, string> = {
      'accept-encoding': 'identity',
      ...request.headers,
    };
    for (const [name, secret] of Object.entries(this.options.credentials ?? {})) headers[name] = secret.reveal();
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.dispatcher.request({
        method: request.method,
        path: this.basePath + request.path,
        headers,
        body: request.body ?? null,
        signal: request.signal ?? null,
        headersTimeout: request.headersTimeoutMs ?? this.options.headersTimeoutMs,
        bodyTimeout: this.options.idleTimeoutMs,
      });
      if (response.statusCode >= 300 && response.statusCode < 400) {
        // Not followed, and not passed on as a status either: a provider would read it as the
        // client's fault (a 4xx-like `bad_request`) when it is the upstream's configuration.
        await response.body.dump();
        throw new ProviderError('unavailable', `upstream answered HTTP ${response.statusCode} (a redirect); redirects are not followed`, {
          provider: this.options.provider,
          upstreamStatus: response.statusCode,
        });
      }
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw toProviderError(this.options.provider, error);
    }
  }

  /** Reads a whole body, refusing one larger than the cap (streams are never read this way). */
  async readBody(body: AsyncIterable<Buffer>, maxBytes = this.options.maxResponseBytes): Promise<string> {
    const parts: Buffer[] = [];
    let size = 0;
    try {
      for await (const part of body) {
        size += part.length;
        if (size > maxBytes) {
          throw new ProviderError('unavailable', `upstream response exceeds ${maxBytes} bytes`, {
            provider: this.options.provider,
          });
        }
        parts.push(part);
      }
    } catch (error) {
      const destroyable = body as unknown as { destroy?: () => void };
      if (typeof destroyable.destroy === 'function') destroyable.destroy();
      throw toProviderError(this.options.provider, error);
    }
    return Buffer.concat(parts).toString('utf8');
  }

  async readJson(body: AsyncIterable<Buffer>, maxBytes?: number): Promise<unknown> {
    const text = await this.readBody(body, maxBytes);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ProviderError('unavailable', 'upstream sent a body that is not JSON', { provider: this.options.provider });
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Turns transport failures (undici errors, socket errors) into typed provider errors. */
export function toProviderError(provider: string, error: unknown): Error {
  if (error instanceof ProviderError) return error;
  if (error instanceof EgressRefusedError) {
    return new ProviderError('forbidden_destination', error.message, { provider, cause: error });
  }
  if (error instanceof UpstreamBodyRefusedError) {
    return new ProviderError('unavailable', error.message, { provider, cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ProviderError('timeout', 'upstream did not answer in time', { provider, cause: error });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProviderError('timeout', 'upstream stream stalled', { provider, cause: error });
  }
  const detail = typeof code === 'string' ? code : 'connection failed';
  return new ProviderError('unavailable', `upstream connection failed (${detail})`, { provider, cause: error });
}

/**
 * Reads `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date) into milliseconds.
 */
export function parseRetryAfter(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
  const milliseconds = first(headers['retry-after-ms']);
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Math.ceil(Number(milliseconds));
  const value = first(headers['retry-after'])?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
