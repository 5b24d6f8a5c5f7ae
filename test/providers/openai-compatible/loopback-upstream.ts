import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: the same port twice means the connection was reused. */
  remotePort: number | undefined;
}

export type UpstreamHandler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** A loopback HTTP server standing in for a provider; each test sets its own handler. */
export class LoopbackUpstream {
  readonly requests: RecordedRequest[] = [];
  handler: UpstreamHandler = (_request, response) => response.end();
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part));
      request.on('end', () => {
        const body = Buffer.concat(parts).toString('utf8');
        this.requests.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body,
          remotePort: request.socket.remotePort,
        });
        this.handler(request, response, body);
      });
    });
  }

  static async start(): Promise<LoopbackUpstream> {
    const upstream = new LoopbackUpstream();
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    return upstream;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Writes SSE bytes in a few pieces, the way a real upstream's packets arrive. */
export function writeInPieces(response: ServerResponse, bytes: Buffer, pieceSize = 97): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let offset = 0; offset < bytes.length; offset += pieceSize) response.write(bytes.subarray(offset, offset + pieceSize));
  response.end();
}
