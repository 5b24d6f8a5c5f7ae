/**
 * The id a completion reports. An upstream's own `chatcmpl-` id is kept, since it is what that
 * provider's support can look up; any other id (an Anthropic `msg_` id, none at all) is replaced
 * by one derived from the gateway's request id, so clients always see OpenAI's shape.
 */
export function openaiCompletionId(upstreamId: string, requestId: string): string {
  return upstreamId.startsWith('chatcmpl-') ? upstreamId : `chatcmpl-${requestId}`;
}
