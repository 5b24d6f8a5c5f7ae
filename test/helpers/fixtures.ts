import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: the nearest folder above this file with a package.json (works from any build folder). */
export const repositoryRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json')) && existsSync(path.join(folder, 'test', 'fixtures'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`no repository root above ${start}`);
  }
}

/** Reads a recorded wire fixture from test/fixtures (source tree; tsc does not copy them). */
export function readFixture(...parts: string[]): Buffer {
  return readFileSync(path.join(repositoryRoot, 'test', 'fixtures', ...parts));
}
