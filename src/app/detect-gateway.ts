import { isIP } from 'node:net';
import { request, type Dispatcher } from 'undici';
import type { Config } from '../config/schema.js';

/** What answered on the config's address. */
export type GatewayProbe =
  | { kind: 'running'; url: string }
  | { kind: 'absent'; url: string }
  /** Something listens there but is not a healthy gateway we can talk to (wrong TLS, another program…). */
  | { kind: 'unusable'; url: string; reason: string };

const PROBE_TIMEOUT_MS = 3_000;

/** The URL a local client reaches the configured server at; a wildcard address is reached on loopback. */
export function gatewayUrlOf(config: Readonly<Config>): string {
  const { host, port } = config.server;
  const bare = host.replace(/^\[|\]$/g, '');
  const reachable = bare === '0.0.0.0' ? '127.0.0.1' : bare === '::' ? '::1' : bare;
  const shown = isIP(reachable) === 6 ? `[${reachable}]` : reachable;
  return `${config.security.tls.enabled ? 'https' : 'http'}://${shown}:${port}`;
}

/**
 * Asks `GET /healthz` at `url`. A refused connection means no server runs there; a 200 means one
 * does; anything else (a TLS failure, another program, a timeout) is reported rather than guessed
 * at, because treating a running gateway as absent would put two writers on one audit log.
 */
export async function probeGateway(url: string, dispatcher: Dispatcher): Promise<GatewayProbe> {
  try {
    const response = await request(new URL('/healthz', url).toString(), { dispatcher, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body.dump();
    if (response.statusCode === 200) return { kind: 'running', url };
    return { kind: 'unusable', url, reason: `GET /healthz answered ${response.statusCode}` };
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ECONNREFUSED' || code === 'EADDRNOTAVAIL') return { kind: 'absent', url };
    return { kind: 'unusable', url, reason: (error as Error).message };
  }
}

function codeOf(error: unknown): string | undefined {
  for (let current: unknown = error; typeof current === 'object' && current !== null; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E') && !code.startsWith('ERR_')) return code;
    if (current === (current as { cause?: unknown }).cause) break;
  }
  return undefined;
}
