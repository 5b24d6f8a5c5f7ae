import { ProviderError, type ProviderErrorKind } from '../../src/core/errors.js';
import type { Provider, ProviderCall, ProviderHealth, ProviderKind } from '../../src/core/provider.js';
import type { ChatChunk, ChatRequest } from '../../src/core/types.js';

/** What one call to the fake's chat() does. */
export type Step =
  | { kind: 'ok' }
  | { kind: 'throw'; error: unknown }
  | { kind: 'empty' }
  | { kind: 'fail_after_start'; error: unknown }
  | { kind: 'hang_until_abort' };

/** A Provider whose chat() follows a script, one step per call; after the script it answers ok. */
export class FakeProvider implements Provider {
  readonly kind: ProviderKind = 'openai';
  readonly defaultModel: string | undefined;
  readonly calls: ProviderCall[] = [];
  readonly #steps: Step[];
  /** Keeps answering with the last step once the script is down to it. */
  readonly #repeatLast: boolean;
  readonly #onCall: (() => void) | undefined;

  constructor(
    readonly name: string,
    steps: Step[],
    options: { defaultModel?: string; repeatLast?: boolean; onCall?: () => void } = {},
  ) {
    this.defaultModel = options.defaultModel;
    this.#steps = steps;
    this.#repeatLast = options.repeatLast ?? false;
    this.#onCall = options.onCall;
  }

  async *chat(_request: ChatRequest, call: ProviderCall): AsyncGenerator<ChatChunk> {
    this.calls.push(call);
    this.#onCall?.();
    const step = (this.#repeatLast && this.#steps.length === 1 ? this.#steps[0] : this.#steps.shift()) ?? { kind: 'ok' };
    switch (step.kind) {
      case 'throw':
        throw step.error;
      case 'empty':
        return;
      case 'hang_until_abort':
        await new Promise<never>((_resolve, reject) => {
          call.signal.addEventListener('abort', () => reject(new Error('aborted by client')), { once: true });
        });
        return;
      case 'ok':
      case 'fail_after_start':
        break;
    }
    yield { type: 'start', id: `${this.name}-${this.calls.length}`, model: call.model };
    if (step.kind === 'fail_after_start') throw step.error;
    yield { type: 'text', text: `hello from ${this.name}` };
    yield { type: 'finish', reason: 'stop' };
  }

  async models(): Promise<string[]> {
    return [];
  }

  async health(): Promise<ProviderHealth> {
    return { ok: true, latencyMs: 0 };
  }

  async close(): Promise<void> {}
}

export function failWith(kind: ProviderErrorKind, retryAfterMs?: number): Step {
  const options = retryAfterMs === undefined ? { provider: 'fake' } : { provider: 'fake', retryAfterMs };
  return { kind: 'throw', error: new ProviderError(kind, `fake ${kind}`, options) };
}

export function providerMap(...providers: Provider[]): Map<string, Provider> {
  return new Map(providers.map((provider) => [provider.name, provider]));
}

export const testRequest: ChatRequest = {
  model: 'smart',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  stream: true,
  includeUsage: false,
  metadata: { requestId: 'request-1', clientFormat: 'openai' },
};
