import { BlockList, isIP } from 'node:net';

/** What an IP address is, as far as the egress policy cares. */
export type AddressClass = 'public' | 'loopback' | 'unspecified' | 'metadata' | 'link_local' | 'private' | 'cgnat' | 'reserved';

type Range = readonly [base: string, prefix: number];
type SpecialClass = Exclude<AddressClass, 'public'>;

/**
 * The special ranges, checked in this order (the first match wins, so the metadata addresses are
 * named as such rather than as the link-local range that holds them).
 */
const RANGES: ReadonlyArray<readonly [SpecialClass, { ipv4: readonly Range[]; ipv6: readonly Range[] }]> = [
  // 0.0.0.0/8 is "this network": connecting to 0.0.0.0 reaches the local host on Linux.
  ['unspecified', { ipv4: [['0.0.0.0', 8]], ipv6: [['::', 128]] }],
  ['loopback', { ipv4: [['127.0.0.0', 8]], ipv6: [['::1', 128]] }],
  // AWS/Azure/GCP/Oracle IMDS, the ECS task endpoint, Alibaba Cloud's, and AWS's IPv6 IMDS.
  ['metadata', { ipv4: [['169.254.169.254', 32], ['169.254.170.2', 32], ['100.100.100.200', 32]], ipv6: [['fd00:ec2::254', 128]] }],
  ['link_local', { ipv4: [['169.254.0.0', 16]], ipv6: [['fe80::', 10]] }],
  // fec0::/10 (site-local) is deprecated but still routed inside some networks.
  ['private', { ipv4: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]], ipv6: [['fc00::', 7], ['fec0::', 10]] }],
  ['cgnat', { ipv4: [['100.64.0.0', 10]], ipv6: [] }],
  [
    'reserved',
    {
      // IETF assignments, documentation, benchmarking, multicast, and 240/4 (with broadcast).
      ipv4: [['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4]],
      ipv6: [['ff00::', 8], ['2001:db8::', 32], ['100::', 64]],
    },
  ],
];

/**
 * An IPv6 address can carry an IPv4 one. BlockList already matches IPv4-mapped `::ffff:a.b.c.d`
 * against IPv4 rules; these other embeddings get their own rules so that `[::a9fe:a9fe]`
 * (IPv4-compatible), `[64:ff9b::a9fe:a9fe]` (NAT64) and `[2002:a9fe:a9fe::]` (6to4) are not a way
 * around the IPv4 ranges.
 */
function embeddedIpv6Ranges([base, prefix]: Range): Range[] {
  const octets = base.split('.').map(Number);
  const high = (((octets[0] ?? 0) << 8) | (octets[1] ?? 0)).toString(16);
  const low = (((octets[2] ?? 0) << 8) | (octets[3] ?? 0)).toString(16);
  const ranges: Range[] = [
    [`64:ff9b::${base}`, 96 + prefix],
    [`2002:${high}:${low}::`, 16 + prefix],
  ];
  // `::0.0.0.0/104` would swallow `::1`; the unspecified `::` has its own rule.
  if (octets[0] !== 0) ranges.push([`::${base}`, 96 + prefix]);
  return ranges;
}

const LISTS: ReadonlyArray<readonly [SpecialClass, BlockList]> = RANGES.map(([addressClass, ranges]) => {
  const list = new BlockList();
  for (const [base, prefix] of ranges.ipv4) {
    list.addSubnet(base, prefix, 'ipv4');
    for (const [embedded, embeddedPrefix] of embeddedIpv6Ranges([base, prefix])) list.addSubnet(embedded, embeddedPrefix, 'ipv6');
  }
  for (const [base, prefix] of ranges.ipv6) list.addSubnet(base, prefix, 'ipv6');
  return [addressClass, list] as const;
});

/** Strips URL brackets and an IPv6 zone (`fe80::1%eth0`), which BlockList does not parse. */
export function bareAddress(address: string): string {
  const unbracketed = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const zone = unbracketed.indexOf('%');
  return zone === -1 ? unbracketed : unbracketed.slice(0, zone);
}

/**
 * Classifies an IP address in canonical notation (what `new URL()` and DNS hand back); returns
 * undefined for anything that is not an IP address. Other IPv4 notations (`2130706433`,
 * `0x7f.1`) are names to node:net, so normalise through `new URL()` first.
 */
export function classifyAddress(address: string): AddressClass | undefined {
  const bare = bareAddress(address);
  const family = isIP(bare);
  if (family === 0) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [addressClass, list] of LISTS) {
    if (list.check(bare, type)) return addressClass;
  }
  return 'public';
}

/** Words for messages: what an operator reads in `config validate` and in logs. */
export function describeAddressClass(addressClass: AddressClass): string {
  switch (addressClass) {
    case 'public':
      return 'public';
    case 'loopback':
      return 'loopback';
    case 'unspecified':
      return 'unspecified (0.0.0.0/8 or ::)';
    case 'metadata':
      return 'cloud metadata';
    case 'link_local':
      return 'link-local';
    case 'private':
      return 'private network';
    case 'cgnat':
      return 'carrier-grade NAT (100.64.0.0/10)';
    case 'reserved':
      return 'reserved (documentation, benchmarking, multicast or broadcast)';
    default: {
      const unreachable: never = addressClass;
      return unreachable;
    }
  }
}
