/**
 * The id a message reports. An upstream's own `msg_` id is kept, since it is what Anthropic's
 * support can look up; any other id is replaced by one derived from the gateway's request id, so
 * clients always see Anthropic's shape.
 */
export function anthropicMessageId(upstreamId: string, requestId: string): string {
  return upstreamId.startsWith('msg_') ? upstreamId : `msg_${requestId}`;
}
