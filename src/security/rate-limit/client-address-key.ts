import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key the pre-auth throttle counts a socket's remote address under. An IPv6 client usually
 * holds a whole /64 and could rotate through it, so IPv6 addresses count per /64; an IPv4-mapped
 * IPv6 address (`::ffff:192.0.2.1`, what a dual-stack listener reports) counts as its IPv4
 * address. Only the socket's address is ever given here, never `X-Forwarded-For`.
 */
export function clientAddressKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const withoutZone = address.split('%', 1)[0] ?? address;
  if (isIPv4(withoutZone)) return withoutZone;
  if (!isIPv6(withoutZone)) return withoutZone.toLowerCase();
  const groups = expandIPv6(withoutZone.toLowerCase());
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a dotted IPv4 tail expanded). */
function expandIPv6(address: string): number[] {
  const [head = '', tail] = address.split('::', 2);
  const headGroups = toGroups(head);
  const tailGroups = tail === undefined ? [] : toGroups(tail);
  const zeros = new Array<number>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill(0);
  return headGroups.concat(zeros, tailGroups);
}

function toGroups(part: string): number[] {
  if (part === '') return [];
  const groups: number[] = [];
  for (const piece of part.split(':')) {
    if (piece.includes('.')) {
      const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
      groups.push((a << 8) | b, (c << 8) | d);
    } else {
      groups.push(Number.parseInt(piece, 16));
    }
  }
  return groups;
}
