import type { ChatRequest, Message } from '../../../../src/core/types.js';
import { createDataPolicy } from '../../../../src/security/guardrails/data/data-policy.js';
import type { Detector } from '../../../../src/security/guardrails/data/detector.js';
import { findSensitiveSpans } from '../../../../src/security/guardrails/data/find-sensitive-spans.js';
import { readFixture } from '../../../helpers/fixtures.js';

const ALL = createDataPolicy({ pii: 'redact', secrets: 'redact', denyDetectors: [] }, 'request');

/** Detector ids found in `text`, in order of position. */
export function detectorIds(text: string, detectors: readonly Detector[] = ALL.detectors): string[] {
  return findSensitiveSpans(text, detectors).map((span) => span.detector.id);
}

export function chatRequest(messages: Message[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'openai/gpt-4o', messages, stream: false, includeUsage: false, metadata: { requestId: 'request-1', clientFormat: 'openai' }, ...extra };
}

export function userMessage(text: string): Message {
  return { role: 'user', content: [{ type: 'text', text }] };
}

/**
 * Secrets in provider formats, assembled at run time so the source holds no string that a secret
 * scanner (or GitHub push protection) would take for a real credential.
 */
export const SAMPLE_SECRETS = {
  openai_key: ['sk', 'proj', 'Xq3vB8nLm2Kp9RtY7wZc4HdF6gJs1AeU0iOo5TyRe2WqA3', 'T3BlbkFJ', 'Lm8Nq2Vb7Cx4Zs1Dp6Fg9Hj3Kk5'].join('-'),
  openai_legacy_key: `sk-${'aB3dE5fG7hJ9kL1mN3pQ'}T3BlbkFJ${'rS5tU7vW9xY1zA3bC5dE'}`,
  anthropic_key: ['sk', 'ant', 'api03', 'Zr8Qw2Ek6Rt0Yu4Io8Pa2Sd6Fg0Hj4Kl8Zx2Cv6Bn0Mq4Wr8Ty2Ui6Op0As4Df8Gh2Jk6Lz0Xc4Vb8Nm2Qa6Ws0Ed4Rf8Tg2YhAA'].join('-'),
  securellm_key: ['sk', 'sllm', '0a1b2c3d4e5f', 'Qm9vYmFyQmF6UXV4X2FiY2RlZmdoaWprbG1ub3BxcnN0'].join('-'),
  github_token: ['ghp', 'R8t2Yq6Wp0Ls4Kd8Fj2Hg6Zx0Cv4Bn8Mm2Aa6Ss'].join('_'),
  github_fine_grained: ['github', 'pat', '11ABCDEFG0123456789abc', 'Zq8Wx2Ec4Rv6Tb8Yn0Um2Ik4Ol6Pa8Sd0Fg2Hj4Kl6Zx8Cv0Bn2Mm4Qq6Ww8Ee0Rr2Tt4Yy6'].join('_'),
  slack_token: ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-'),
  stripe_key: ['sk', 'live', '51HqLyjWDarjtT1zdp7dcXhZ9yQ'].join('_'),
  google_api_key: `AIza${'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'}`,
  aws_access_key_id: `AKIA${'IOSFODNN7EXAMPLE'}`,
  aws_secret_key: `aws_secret_access_key = ${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}`,
  jwt: ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.'),
  private_key: ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', '-----END RSA PRIVATE KEY-----'].join('\n'),
} as const;

export interface LabelledLine {
  text: string;
  detectors: string[];
}

/**
 * A labelled set from test/fixtures/guardrails/data. Secrets there carry a zero-width space after
 * their prefix (written `\u200b`) so the fixture files do not trip secret scanners; it is removed here.
 */
export function readLabelledLines(name: string): LabelledLine[] {
  return readFixture('guardrails', 'data', name)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed = JSON.parse(line) as LabelledLine;
      return { text: parsed.text.replaceAll('\u200b', ''), detectors: parsed.detectors };
    });
}
