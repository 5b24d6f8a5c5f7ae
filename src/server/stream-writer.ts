import type { GatewayError } from '../core/errors.js';
import type { ChatChunk } from '../core/types.js';

/**
 * Turns unified chunks into the client's wire format; each method returns the bytes to write
 * (maybe ''). A writer belongs to one response: after `end()` or `fail()` every call returns ''.
 *
 * Frames are whole Server-Sent Events (`data: ...\n\n`), and every field value is JSON text, so
 * no CR or LF from a model or an error message can split or forge an event.
 */
export interface StreamWriter {
  /** The frames for one chunk, written as soon as it arrives. */
  write(chunk: ChatChunk): string;
  /** The closing frames of a stream that completed. */
  end(): string;
  /** The frame that ends a stream that broke after its first byte (no clean-looking end). */
  fail(error: GatewayError): string;
}
