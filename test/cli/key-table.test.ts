/**
 * The human view of `keys list`: the README promises tenant, scopes and status, so a key narrowed
 * to some providers or models, given its own rpm or budget, or marked local-only must say so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatKeyTable } from '../../src/cli/key-table.js';
import type { KeySummary } from '../../src/security/key-summary.js';

const CREATED = '2026-11-28T10:40:22.095Z';

test('each key row ends with its scopes, or "-" for a key that may use everything', () => {
  const keys: KeySummary[] = [
    { id: 'aaaaaaaaaaaa', name: 'me', tenant: 'default', status: 'active', admin: false, createdAt: CREATED },
    {
      id: 'bbbbbbbbbbbb',
      name: 'ci',
      tenant: 'acme',
      status: 'revoked',
      admin: false,
      providers: ['openai', 'anthropic'],
      models: ['openai/gpt-4o-mini'],
      rpm: 30,
      budgetUsd: 25,
      createdAt: CREATED,
      expiresAt: '2026-12-28T10:40:33.738Z',
      revokedAt: CREATED,
    },
    { id: 'cccccccccccc', tenant: 'research', status: 'active', admin: false, localOnly: true, createdAt: CREATED },
  ];
  const lines = formatKeyTable(keys).trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0] ?? '', /^ID +NAME +TENANT +STATUS +ADMIN +CREATED +EXPIRES +SCOPES$/);
  assert.match(lines[1] ?? '', /^aaaaaaaaaaaa +me +default +active +no +2026-11-28 10:40Z +never +-$/);
  assert.match(
    lines[2] ?? '',
    /^bbbbbbbbbbbb +ci +acme +revoked +no +2026-11-28 10:40Z +2026-12-28 10:40Z +providers=openai,anthropic models=openai\/gpt-4o-mini rpm=30 budget=\$25$/,
  );
  assert.match(lines[3] ?? '', /^cccccccccccc +- +research +active +no +2026-11-28 10:40Z +never +local-only$/);
});

test('no keys: a hint instead of an empty table', () => {
  assert.equal(formatKeyTable([]), 'no API keys (create one with: securellm keys create)\n');
});
