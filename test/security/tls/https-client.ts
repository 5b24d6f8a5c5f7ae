import { request } from 'node:https';
import type { IssuedCertificate } from '../../../src/security/tls/issue-certificate.js';

export interface HttpsAnswer {
  status: number;
  body: string;
  /** Parsed when the body is JSON. */
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface HttpsCall {
  /** PEM of the CA the client trusts for the server's certificate. */
  ca: string;
  client?: IssuedCertificate | undefined;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * One request over a fresh TLS connection (no agent, so no session or socket is reused between
 * calls and each one shows what its own handshake led to).
 */
export function httpsCall(url: string, call: HttpsCall): Promise<HttpsAnswer> {
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: call.method ?? (payload === undefined ? 'GET' : 'POST'),
        ca: call.ca,
        ...(call.client === undefined ? {} : { cert: call.client.certificatePem, key: call.client.keyPem }),
        agent: false,
        headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, body, json, headers: response.headers });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The OpenAI-format error code of an answer, or undefined. */
export function openaiErrorCode(answer: HttpsAnswer): unknown {
  return (answer.json as { error?: { code?: unknown } } | undefined)?.error?.code;
}
