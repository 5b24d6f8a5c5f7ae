/**
 * Raw HTTP to the gateway through undici, for what the SDKs hide: HTTP trailers, status lines and
 * headers of answers no SDK method asks for (wrong methods, unknown paths).
 */
import { request } from 'undici';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Available once the body has been read whole. */
  trailers: Record<string, string | undefined>;
  text: string;
}

/** Sends one request and reads the whole body, so the trailers have arrived. */
export async function rawRequest(
  url: string,
  options: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const response = await request(url, { method: options.method, headers: options.headers ?? {}, body: options.body ?? null });
  const text = await response.body.text();
  const trailers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.trailers)) trailers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: response.statusCode, headers: response.headers, trailers, text };
}

/** A streaming chat request (`stream: true` added) in whichever format `path` names. */
export function postStream(baseUrl: string, path: string, key: string, body: Record<string, unknown>): Promise<RawAnswer> {
  return rawRequest(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ ...body, stream: true }),
  });
}
