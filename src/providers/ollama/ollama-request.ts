import type { ChatRequest, JsonObject } from '../../core/types.js';
import type { OllamaChatRequest, OllamaOptions, OllamaTool } from './ollama-api.js';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';

/**
 * Builds the body of `POST /api/chat` from a unified request. Sampling parameters go under
 * `options`; `stream` is always explicit because Ollama streams by default. Ollama has no tool
 * choice: `none` is honoured by sending no tools, the other choices cannot be enforced.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion and
 * https://github.com/ollama/ollama/blob/main/docs/modelfile.md#valid-parameters-and-values
 */
export function buildOllamaRequest(request: ChatRequest, model: string, provider: string): OllamaChatRequest {
  const body: OllamaChatRequest = { model, messages: convertToOllamaMessages(request.messages, provider), stream: request.stream };
  const options: OllamaOptions = {};
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topP !== undefined) options.top_p = request.topP;
  if (request.topK !== undefined) options.top_k = request.topK;
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) options.stop = request.stop;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.presencePenalty !== undefined) options.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) options.frequency_penalty = request.frequencyPenalty;
  if (Object.keys(options).length > 0) body.options = options;
  if (request.tools !== undefined && request.tools.length > 0 && request.toolChoice?.type !== 'none') {
    body.tools = request.tools.map((tool): OllamaTool => {
      const wireFunction: OllamaTool['function'] = { name: tool.name, parameters: tool.parameters };
      if (tool.description !== undefined) wireFunction.description = tool.description;
      return { type: 'function', function: wireFunction };
    });
  }
  const format = mapResponseFormat(request.responseFormat);
  if (format !== undefined) body.format = format;
  return body;
}

/**
 * OpenAI's `response_format` → Ollama's `format`: JSON mode becomes `"json"`, a JSON schema is
 * passed as the schema itself.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#request-structured-outputs
 */
function mapResponseFormat(responseFormat: JsonObject | undefined): OllamaChatRequest['format'] {
  if (responseFormat === undefined) return undefined;
  if (responseFormat.type === 'json_object') return 'json';
  const jsonSchema = responseFormat.json_schema;
  if (responseFormat.type === 'json_schema' && isObject(jsonSchema) && isObject(jsonSchema.schema)) return jsonSchema.schema;
  return undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
