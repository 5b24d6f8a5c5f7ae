import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectorIds, readLabelledLines, type LabelledLine } from './data-guard-fixtures.js';

interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  mistakes: string[];
}

/** Counts per (line, detector id): an expected id found is a true positive, an unexpected one a false positive. */
function score(lines: readonly LabelledLine[]): Score {
  const result: Score = { truePositives: 0, falsePositives: 0, falseNegatives: 0, mistakes: [] };
  for (const line of lines) {
    const found = new Set(detectorIds(line.text));
    const expected = new Set(line.detectors);
    for (const id of expected) {
      if (found.has(id)) result.truePositives++;
      else {
        result.falseNegatives++;
        result.mistakes.push(`missed ${id}: ${line.text.slice(0, 80)}`);
      }
    }
    for (const id of found) {
      if (expected.has(id)) continue;
      result.falsePositives++;
      result.mistakes.push(`wrongly ${id}: ${line.text.slice(0, 80)}`);
    }
  }
  return result;
}

test('labelled sets: precision and recall of all detectors are at least 95%', (context) => {
  const sensitive = readLabelledLines('sensitive.jsonl');
  const clean = readLabelledLines('clean.jsonl');
  assert.ok(sensitive.length >= 100 && clean.length >= 100, 'at least 100 lines of each');
  assert.ok(sensitive.every((line) => line.detectors.length > 0) && clean.every((line) => line.detectors.length === 0), 'labels match the file');

  const result = score([...sensitive, ...clean]);
  const precision = result.truePositives / (result.truePositives + result.falsePositives);
  const recall = result.truePositives / (result.truePositives + result.falseNegatives);
  context.diagnostic(`${sensitive.length} sensitive lines, ${clean.length} clean lines`);
  context.diagnostic(`precision ${(precision * 100).toFixed(1)}% recall ${(recall * 100).toFixed(1)}% (tp ${result.truePositives}, fp ${result.falsePositives}, fn ${result.falseNegatives})`);
  for (const mistake of result.mistakes) context.diagnostic(mistake);
  assert.ok(precision >= 0.95, `precision ${precision}`);
  assert.ok(recall >= 0.95, `recall ${recall}`);
});

test('labelled sets: no clean line is taken for sensitive data more than once in twenty', () => {
  const clean = readLabelledLines('clean.jsonl');
  const flagged = clean.filter((line) => detectorIds(line.text).length > 0);
  assert.ok(flagged.length / clean.length <= 0.05, flagged.map((line) => line.text).join('\n'));
});
