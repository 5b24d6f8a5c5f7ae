import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Principal } from '../../core/principal.js';
import { isKeyId } from '../../security/api-key.js';
import { createApiKey } from '../../security/create-api-key.js';
import { summarizeKey } from '../../security/key-summary.js';
import { readJsonBody } from '../read-body.js';
import { noteAction } from '../route-notes.js';
import { parseCreateKeyRequest } from './create-key-request.js';
import type { KeyStoreAccess } from './key-store-access.js';
import { sendJson, sendNoContent } from './send-json.js';

/** What every admin action is given: the exchange and the admin who asked. */
export interface AdminExchange {
  request: IncomingMessage;
  response: ServerResponse;
  requestId: string;
  principal: Principal;
}

/**
 * `/admin/keys`: list, create and revoke API keys, the same operations as `securellm keys`.
 * Summaries never include the hash; a new key's secret appears once, in the answer to its
 * creation. Each change is logged with the admin key that made it.
 */
export class AdminKeys {
  constructor(
    private readonly keyStore: KeyStoreAccess,
    private readonly logger: Logger,
    private readonly maxBodyBytes: number,
  ) {}

  async list({ response, requestId }: AdminExchange): Promise<void> {
    const now = Date.now();
    const records = await this.keyStore((store) => store.list());
    sendJson(response, 200, { object: 'list', data: records.map((record) => summarizeKey(record, now)) }, requestId);
  }

  async create({ request, response, requestId, principal }: AdminExchange): Promise<void> {
    const options = parseCreateKeyRequest(await readJsonBody(request, this.maxBodyBytes));
    const { record, key } = await this.keyStore((store) => createApiKey(store, options));
    noteAction(response, 'key_created', record.id);
    this.logger.info(
      { request_id: requestId, admin_key_id: principal.keyId, key_id: record.id, tenant: record.tenant, admin: record.admin },
      'admin: API key created',
    );
    sendJson(response, 201, { ...summarizeKey(record, Date.now()), key }, requestId, {
      location: `/admin/keys/${record.id}`,
    });
  }

  async revoke({ response, requestId, principal }: AdminExchange, id: string): Promise<void> {
    // Not echoed unless it is a key id: someone may have pasted a whole key by mistake.
    if (!isKeyId(id)) throw new GatewayError('not_found', 'no API key with that id (ids are the 12 characters after sk-sllm-)');
    const revoked = await this.keyStore((store) => store.revoke(id));
    if (!revoked) throw new GatewayError('not_found', `no API key with id ${id}`);
    noteAction(response, 'key_revoked', id);
    this.logger.info({ request_id: requestId, admin_key_id: principal.keyId, key_id: id }, 'admin: API key revoked');
    sendNoContent(response, requestId);
  }
}
