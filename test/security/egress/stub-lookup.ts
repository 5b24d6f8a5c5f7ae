import { isIP, type LookupFunction } from 'node:net';

/**
 * A resolver that answers from a table instead of DNS, so that tests can make a name resolve
 * anywhere without a packet leaving the host. Each call takes the next answer of the list for
 * that name (the last one repeats): that is how a rebinding DNS server behaves.
 */
export function stubLookup(table: Record<string, string[][]>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const lookup = (hostname: string, options: { all?: boolean }, callback: (error: NodeJS.ErrnoException | null, address: string | Array<{ address: string; family: number }>, family?: number) => void): void => {
    const answers = table[hostname];
    const turn = calls.filter((name) => name === hostname).length;
    calls.push(hostname);
    const answer = answers?.[Math.min(turn, answers.length - 1)];
    if (answer === undefined) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      queueMicrotask(() => callback(error, ''));
      return;
    }
    const addresses = answer.map((address) => ({ address, family: isIP(address) }));
    queueMicrotask(() => {
      if (options.all === true) callback(null, addresses);
      else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
    });
  };
  return Object.assign(lookup, { calls });
}
