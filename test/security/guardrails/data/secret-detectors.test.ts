import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJwtHeader } from '../../../../src/security/guardrails/data/jwt-header.js';
import { detectorIds, SAMPLE_SECRETS } from './data-guard-fixtures.js';

test('each provider key format is found under its own detector id', () => {
  const expected: Record<keyof typeof SAMPLE_SECRETS, string> = {
    openai_key: 'openai_key',
    openai_legacy_key: 'openai_key',
    anthropic_key: 'anthropic_key',
    securellm_key: 'securellm_key',
    github_token: 'github_token',
    github_fine_grained: 'github_token',
    slack_token: 'slack_token',
    stripe_key: 'stripe_key',
    google_api_key: 'google_api_key',
    aws_access_key_id: 'aws_access_key_id',
    aws_secret_key: 'aws_secret_key',
    jwt: 'jwt',
    private_key: 'private_key',
  };
  for (const [name, secret] of Object.entries(SAMPLE_SECRETS)) {
    const id = expected[name as keyof typeof SAMPLE_SECRETS];
    assert.deepEqual(detectorIds(secret), [id], name);
    assert.deepEqual(detectorIds(`my key is ${secret}, keep it safe`), [id], `${name} in prose`);
    assert.deepEqual(detectorIds(JSON.stringify({ note: `line one\n${secret}` })), [id], `${name} in escaped JSON`);
  }
});

test('cloud credentials: AWS secret assignments, GCP service-account keys, Azure connection strings', () => {
  const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  for (const text of [`AWS_SECRET_ACCESS_KEY=${secretKey}`, `"SecretAccessKey": "${secretKey}"`, JSON.stringify({ config: `aws_secret_access_key: ${secretKey}` })]) {
    assert.deepEqual(detectorIds(text), ['aws_secret_key'], text);
  }
  const serviceAccount = JSON.stringify({ type: 'service_account', private_key: `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n`, client_id: '1234' });
  assert.deepEqual(detectorIds(serviceAccount), ['gcp_service_account_key']);
  const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  assert.deepEqual(detectorIds(`DefaultEndpointsProtocol=https;AccountName=devstore;AccountKey=${accountKey};EndpointSuffix=core.windows.net`), ['azure_key']);
  assert.deepEqual(detectorIds(`Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${accountKey.slice(0, 43)}=`), ['azure_key']);
});

test('private keys of every PEM label, with or without the footer; public keys and certificates are not secrets', () => {
  for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
    assert.deepEqual(detectorIds(`-----BEGIN ${label}-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASC\n-----END ${label}-----`), ['private_key'], label);
  }
  assert.deepEqual(detectorIds('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nMIIBVAIBADANBgkq'), ['private_key']);
  assert.deepEqual(detectorIds('-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n-----END PUBLIC KEY-----'), []);
  assert.deepEqual(detectorIds('-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTAN\n-----END CERTIFICATE-----'), []);
});

test('JWTs need a JSON header with alg; base64 JSON alone is not a token', () => {
  assert.equal(isJwtHeader(SAMPLE_SECRETS.jwt), true);
  assert.equal(isJwtHeader('eyJwYWdlIjoyfQ.eyJhIjoxfQ'), false, 'no alg');
  assert.equal(isJwtHeader('eyJub3QganNvbg.eyJhIjoxfQ'), false, 'not JSON');
  assert.deepEqual(detectorIds('cursor=eyJwYWdlIjoyfQ next'), []);
  assert.deepEqual(detectorIds('eyJhbGciOiJIUzI1NiJ9 alone'), []);
});

test('look-alikes are not keys: sk- in prose, UUIDs, git SHAs, hashes, placeholders', () => {
  for (const text of [
    'Use sk-learn style estimators.',
    'sk-learn-compatible-estimator-wrapper-class',
    'the task-1234567890abcdefghijklmn finished',
    'Keys start with sk- and then random text.',
    'risk-assessment-framework-version-two',
    'AKIA is the access key prefix',
    'AKIAIOSFODNN7EXAMPLEX1 is too long to be one',
    'id 123e4567-e89b-12d3-a456-426614174000',
    'commit 9fceb02d0ae598e95dc970b74767f19372d61af8',
    'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'Base64: SGVsbG8sIFdvcmxkIQ==',
    'api_key = "${OPENAI_API_KEY}"',
    'The secret_key setting must be 40 characters long.',
    'xoxb-tokens-belong-to-bots-and-apps',
    'the sk_live_ prefix marks live keys',
    '[REDACTED_OPENAI_KEY] was removed',
    'gpt-4o-mini-2024-07-18',
  ]) {
    assert.deepEqual(detectorIds(text), [], text);
  }
});
