/**
 * The labelled attack and benign sets: recall on attacks and the false-positive rate on benign text
 * (questions about injection, self-corrections, CSS `!important`, YAML `system:` keys, multilingual
 * text, base64 data…) at the default threshold, in block mode. Numbers are printed for the report.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPromptInjectionGuard } from '../../../../src/security/guardrails/prompt-injection/prompt-injection-guard.js';
import { readFixture } from '../../../helpers/fixtures.js';
import { userRequest } from './chat-request.js';

interface LabelledText {
  text: string;
  /** Attacks: the rule family expected to fire (the prefix of a rule id). */
  family?: string;
  category?: string;
}

function readSet(name: string): LabelledText[] {
  return readFixture('guardrails', 'prompt-injection', name)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledText);
}

const guard = createPromptInjectionGuard({ mode: 'block' });
const attacks = readSet('attacks.jsonl');
const benign = readSet('benign.jsonl');

describe('labelled sets', () => {
  it('are big enough to mean something', () => {
    assert.ok(attacks.length >= 120, `attacks: ${attacks.length}`);
    assert.ok(benign.length >= 150, `benign: ${benign.length}`);
    for (const attack of attacks) assert.ok(typeof attack.family === 'string', `family for ${attack.text}`);
  });

  it('recall ≥ 90% on attacks and false positives ≤ 2% on benign text', () => {
    const missed = attacks.filter((attack) => guard.scan(userRequest(attack.text)).action !== 'block');
    const blockedBenign = benign.filter((item) => guard.scan(userRequest(item.text)).action === 'block');
    const familyAgrees = attacks.filter((attack) => guard.scan(userRequest(attack.text)).ruleIds.some((id) => id.startsWith(`${attack.family ?? ''}`)));
    const truePositives = attacks.length - missed.length;
    const recall = truePositives / attacks.length;
    const falsePositiveRate = blockedBenign.length / benign.length;
    const precision = truePositives / (truePositives + blockedBenign.length);
    console.log(
      `prompt-injection: attacks ${attacks.length}, benign ${benign.length}; ` +
        `precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%, ` +
        `false-positive rate ${(falsePositiveRate * 100).toFixed(1)}%, expected family among rules ${familyAgrees.length}/${attacks.length}`,
    );
    for (const attack of missed) console.log(`  missed: ${attack.family ?? ''} ${JSON.stringify(attack.text).slice(0, 100)}`);
    for (const item of blockedBenign) console.log(`  false positive: ${item.category ?? ''} ${JSON.stringify(item.text).slice(0, 100)}`);
    assert.ok(recall >= 0.9, `recall ${recall}`);
    assert.ok(falsePositiveRate <= 0.02, `false-positive rate ${falsePositiveRate}`);
  });
});
