import type { Finding, PostureContext } from './finding.js';

/**
 * End of life of each Node.js major line (https://github.com/nodejs/Release#release-schedule).
 * Lines before 18 are long past it; a line newer than the table is reported as unknown.
 */
export const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  18: '2025-04-30',
  19: '2023-06-01',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
};

const OLDEST_IN_TABLE = 18;
const SOON_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The EOL date of a Node.js version (`20.19.1`), or undefined when the table does not know it. */
export function nodeEndOfLife(version: string): { major: number; endOfLife?: Date } {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  const date = NODE_END_OF_LIFE[major];
  if (date !== undefined) return { major, endOfLife: new Date(`${date}T00:00:00Z`) };
  return major < OLDEST_IN_TABLE ? { major, endOfLife: new Date(0) } : { major };
}

/** A Node.js past end of life gets no security fixes: every CVE in it stays open. */
export function checkNodeVersion({ nodeVersion, now }: PostureContext): Finding[] {
  const { major, endOfLife } = nodeEndOfLife(nodeVersion);
  const upgrade = 'run the gateway on Node.js 24 LTS';
  if (endOfLife === undefined) {
    return [{ id: 'node-version-unknown', severity: 'info', message: `Node.js ${nodeVersion} is newer than this check's release table`, fix: 'check https://github.com/nodejs/Release for its support dates' }];
  }
  const day = endOfLife.toISOString().slice(0, 10);
  if (endOfLife.getTime() <= now.getTime()) {
    return [{ id: 'node-eol', severity: 'high', message: `Node.js ${nodeVersion} (line ${major}) reached end of life${endOfLife.getTime() === 0 ? '' : ` on ${day}`}: it gets no security fixes`, fix: upgrade }];
  }
  if (endOfLife.getTime() - now.getTime() < SOON_DAYS * DAY_MS) {
    return [{ id: 'node-eol-soon', severity: 'low', message: `Node.js ${nodeVersion} (line ${major}) reaches end of life on ${day}`, fix: upgrade }];
  }
  return [];
}
