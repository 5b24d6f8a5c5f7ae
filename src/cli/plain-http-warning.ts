import { isLoopbackHost } from '../server/loopback.js';

/**
 * The one-line warning `chat --url` prints when the API key would travel in clear text: a plain
 * `http://` URL to a host other than this machine. Undefined for https and for loopback.
 */
export function plainHttpWarning(url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || isLoopbackHost(parsed.hostname)) return undefined;
  return `warning: ${parsed.origin} is plain HTTP to another host: the API key and prompts cross the network unencrypted (use https://)`;
}
