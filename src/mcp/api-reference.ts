/** README sections that make up `docs://api`, in this order. */
const API_SECTIONS = ['HTTP API', 'Admin API'];

/** Stands in when the README is not installed beside the code: the fixed contract, briefly. */
const FALLBACK = `# SecureLLM Bridge HTTP API

- \`POST /v1/chat/completions\`: OpenAI Chat Completions format; \`stream: true\` gives Server-Sent Events ending in \`data: [DONE]\`.
- \`POST /v1/messages\`: Anthropic Messages format, whole or streamed.
- \`GET /v1/models\`: the models this key may use, as \`provider/model\` ids and aliases.
- \`GET /healthz\`, \`GET /readyz\`: liveness; readiness with each provider's state.
- \`GET /metrics\`: Prometheus text format.
- Admin (admin keys only): \`GET/POST /admin/keys\`, \`DELETE /admin/keys/{id}\`, \`GET /admin/config\`, \`GET /admin/usage\`, \`GET /admin/audit\`, \`GET /admin/limits\`.

Authentication: \`Authorization: Bearer <key>\` or \`x-api-key: <key>\`, and/or a client certificate under mutual TLS.
Errors come in the format of the API the client spoke, with the request id in \`x-request-id\`.
`;

/**
 * The API reference: the README's "HTTP API" and "Admin API" sections (the documentation people
 * read, so the two never drift apart), or a short fixed text when no README is at hand.
 */
export function apiReference(readme: string | undefined): string {
  if (readme === undefined) return FALLBACK;
  const sections = API_SECTIONS.map((title) => section(readme, title)).filter((text): text is string => text !== undefined);
  return sections.length === 0 ? FALLBACK : `${sections.join('\n\n')}\n`;
}

/** A level-2 section from its heading to the next level-2 heading (headings inside code blocks do not count). */
function section(markdown: string, title: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${title}`);
  if (start === -1) return undefined;
  let inCode = false;
  let end = lines.length;
  for (let index = start + 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.startsWith('```')) inCode = !inCode;
    if (!inCode && line.startsWith('## ')) {
      end = index;
      break;
    }
  }
  return lines.slice(start, end).join('\n').trimEnd();
}
