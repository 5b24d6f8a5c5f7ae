import { LineDecoder } from './line-decoder.js';

/** One Server-Sent Event. `event` is `message` when the stream named none. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Decodes a byte stream of Server-Sent Events as the WHATWG specification describes: fields
 * `event`, `data` (joined by LF), `id`; comment lines (`:`) ignored; an empty line dispatches.
 * See https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export async function* decodeSse(body: AsyncIterable<Buffer>, maxLineBytes?: number): AsyncGenerator<SseEvent> {
  const lines = new LineDecoder(maxLineBytes);
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  const dispatch = (): SseEvent | undefined => {
    if (data.length === 0) {
      event = '';
      return undefined;
    }
    const result: SseEvent = { event: event === '' ? 'message' : event, data: data.join('\n') };
    if (id !== undefined) result.id = id;
    event = '';
    data = [];
    return result;
  };
  const accept = (line: string): SseEvent | undefined => {
    if (line === '') return dispatch();
    if (line.charCodeAt(0) === 0x3a) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    return undefined;
  };
  for await (const chunk of body) {
    for (const line of lines.push(chunk)) {
      const ready = accept(line);
      if (ready) yield ready;
    }
  }
  const last = lines.flush();
  if (last !== undefined) accept(last);
  // An event not terminated by a blank line is still delivered: lenient with upstreams.
  const tail = dispatch();
  if (tail) yield tail;
}
