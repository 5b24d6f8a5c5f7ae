import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, from the compiled location dist/test/helpers/. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Reads a recorded wire fixture from test/fixtures (source tree; tsc does not copy them). */
export function readFixture(...parts: string[]): Buffer {
  return readFileSync(path.join(repositoryRoot, 'test', 'fixtures', ...parts));
}
