import type { IncomingHttpHeaders } from 'node:http';
import type { Authenticator } from '../core/gateway.js';
import type { Principal } from '../core/principal.js';

/**
 * The person at the keyboard of an in-process `securellm chat` (or the MCP server) who gave no
 * gateway key. They already hold the config, the key store and the audit log, so a key would
 * prove nothing; the principal still has a fixed name and tenant, so audit records, rate limits,
 * usage and tenant budgets (`[budgets.tenants.cli]`) see who it was.
 */
export const LOCAL_OPERATOR: Readonly<Principal> = Object.freeze({ keyId: 'local-operator', name: 'local-operator', tenant: 'cli', admin: false });

/**
 * An API key, when one is presented, is checked by the gateway's key authenticator and decides the
 * principal (its scopes, limits and budget); without one the caller is `LOCAL_OPERATOR`.
 */
export class LocalOperatorAuthenticator implements Authenticator {
  constructor(private readonly keys: Authenticator) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    if (headers.authorization === undefined && headers['x-api-key'] === undefined) return { ...LOCAL_OPERATOR };
    return this.keys.authenticate(headers);
  }
}
