/**
 * The official SDK clients, configured the way an application would point them at the gateway,
 * plus the few expectations every SDK end-to-end test shares (token counts of the fakes' echo).
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { DEFAULT_MODELS } from './gateway-harness.js';
import type { FakeKind } from '../fakes/start-fake-upstream.js';

/** Every provider kind the harness starts a fake for. */
export const ALL_KINDS: readonly FakeKind[] = ['openai', 'deepseek', 'anthropic', 'ollama', 'local'];

/** A header a client sends that must never reach an upstream. */
export const SECRET_HEADER = 'x-secret-header';
export const SECRET_VALUE = 'client-secret-value';

export interface ClientOptions {
  apiKey: string;
  defaultHeaders?: Record<string, string | null>;
}

/** Retries off, so an SDK retry can never hide what the gateway answered. */
export function openaiClient(url: string, options: ClientOptions): OpenAI {
  return new OpenAI({
    baseURL: `${url}/v1`,
    apiKey: options.apiKey,
    maxRetries: 0,
    defaultHeaders: { [SECRET_HEADER]: SECRET_VALUE, ...options.defaultHeaders },
  });
}

export function anthropicClient(url: string, options: ClientOptions): Anthropic {
  return new Anthropic({
    baseURL: url,
    apiKey: options.apiKey,
    maxRetries: 0,
    defaultHeaders: { [SECRET_HEADER]: SECRET_VALUE, ...options.defaultHeaders },
  });
}

/** `kind/<its configured model>`, the id the gateway reports in `model` and `x-securellm-model`. */
export function defaultModelId(kind: FakeKind): string {
  return `${kind}/${DEFAULT_MODELS[kind]}`;
}

/** The fakes' default answer. */
export function echoOf(prompt: string): string {
  return `Echo: ${prompt}`;
}

/** The fakes count a prompt token per started group of four characters of message text. */
export function promptTokensOf(...texts: string[]): number {
  return Math.ceil(texts.join('').length / 4);
}

/** The fakes stream an answer in four-character pieces and count one completion token per piece. */
export function completionTokensOf(answer: string): number {
  return Math.ceil(Array.from(answer).length / 4);
}

/** The inner `{type, message}` of an Anthropic-format error body, as the Anthropic SDK keeps it. */
export function anthropicErrorOf(error: InstanceType<typeof Anthropic.APIError>): { type: unknown; message: unknown } {
  const body: unknown = error.error;
  const inner = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  if (typeof inner !== 'object' || inner === null) return { type: undefined, message: undefined };
  return { type: 'type' in inner ? inner.type : undefined, message: 'message' in inner ? inner.message : undefined };
}
