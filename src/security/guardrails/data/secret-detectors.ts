import { detectorPattern, WORD_START, type Detector } from './detector.js';
import { isJwtHeader } from './jwt-header.js';

/** Generated keys mix digits and upper-case letters; hyphenated prose (`sk-learn-style`) does not. */
function looksGenerated(candidate: string): boolean {
  return /[0-9]/.test(candidate) && /[A-Z]/.test(candidate);
}

function hasDigit(candidate: string): boolean {
  return /[0-9]/.test(candidate);
}

interface SecretOptions {
  group?: boolean;
  ignoreCase?: boolean;
  isValid?: (candidate: string) => boolean;
}

function secret(id: string, placeholder: string, source: string, options: SecretOptions = {}): Detector {
  const detector: Detector = { id, category: 'secret', placeholder: `[REDACTED_${placeholder}]`, pattern: detectorPattern(source, options) };
  return {
    ...detector,
    ...(options.group === true ? { group: 1 } : {}),
    ...(options.isValid === undefined ? {} : { isValid: options.isValid }),
  };
}

const PEM_LABEL = '(?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----';
/**
 * Header, then base64 body (newlines also as JSON `\n` escapes, PEM `Proc-Type:` headers) that stops
 * at the footer's dashes, then the footer when it came. A body without footer is still a key; the
 * repetition bound keeps a lost footer from holding a stream for ever.
 */
const PEM_BLOCK = String.raw`-----BEGIN ${PEM_LABEL}(?:[A-Za-z0-9+/=\s\\:,.]|-(?!----END)){0,12000}(?:-----END ${PEM_LABEL})?`;

/**
 * Secrets, most specific first: where two detectors find the same span, the earlier names it
 * (`sk-ant-…` is Anthropic's, not OpenAI's). Every repetition is bounded: the output filter holds a
 * stream back while its tail could still be the beginning of a match, so the bounds also bound that.
 */
export const SECRET_DETECTORS: readonly Detector[] = Object.freeze([
  secret('gcp_service_account_key', 'GCP_PRIVATE_KEY', String.raw`\\?"private_key\\?"\s{0,5}:\s{0,5}\\?"(${PEM_BLOCK})`, { group: true }),
  secret('private_key', 'PRIVATE_KEY', PEM_BLOCK),
  // Header up to 240 characters (alg, typ, kid; not x5c chains): longer runs of `eyJ…` are not held.
  secret('jwt', 'JWT', `${WORD_START}eyJ[A-Za-z0-9_-]{8,240}\\.eyJ[A-Za-z0-9_-]{2,8000}(?:\\.[A-Za-z0-9_-]{0,1000})?`, { isValid: isJwtHeader }),
  secret('anthropic_key', 'ANTHROPIC_KEY', `${WORD_START}sk-ant-[A-Za-z0-9_-]{20,250}`, { isValid: looksGenerated }),
  secret('securellm_key', 'SECURELLM_KEY', `${WORD_START}sk-sllm-[A-Za-z0-9_-]{16,120}`),
  secret('openai_key', 'OPENAI_KEY', `${WORD_START}sk-(?!ant-|sllm-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,250}`, { isValid: looksGenerated }),
  secret('github_token', 'GITHUB_TOKEN', `${WORD_START}(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244})`),
  secret('slack_token', 'SLACK_TOKEN', `${WORD_START}(?:xox[abposre]-[A-Za-z0-9-]{10,250}|xapp-[0-9]-[A-Za-z0-9-]{10,250})`, { isValid: hasDigit }),
  secret('stripe_key', 'STRIPE_KEY', `${WORD_START}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}`),
  secret('google_api_key', 'GOOGLE_API_KEY', `${WORD_START}AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])`),
  // Access key ids are base32 ([A-Z2-7]); AROA/AIDA ids name roles and users and are not secrets.
  secret('aws_access_key_id', 'AWS_ACCESS_KEY_ID', `${WORD_START}(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])`),
  // The value of `aws_secret_access_key = …`, `"SecretAccessKey": "…"` (quotes possibly escaped).
  secret('aws_secret_key', 'AWS_SECRET_KEY', String.raw`secret[_-]?(?:access[_-]?)?key[\\"']{0,3}\s{0,5}[:=]\s{0,5}[\\"']{0,3}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, { group: true, ignoreCase: true }),
  // Storage account keys and Service Bus / Event Hubs shared access keys inside connection strings.
  secret('azure_key', 'AZURE_KEY', String.raw`(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,120}={0,2})`, { group: true }),
]);
