import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a sandboxed plugin may never reach unless an administrator
 * allows them: everything that is not the public internet. IPv4-mapped IPv6
 * addresses (`::ffff:10.0.0.1`) match the IPv4 rules; the translation and
 * tunnel prefixes (NAT64, 6to4, Teredo) are refused whole, since they can
 * carry any IPv4 address.
 */
const FORBIDDEN: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'this network'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'ipv4', 'documentation'],
  ['192.88.99.0', 24, 'ipv4', '6to4 relay'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['198.51.100.0', 24, 'ipv4', 'documentation'],
  ['203.0.113.0', 24, 'ipv4', 'documentation'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['::', 96, 'ipv6', 'IPv4-compatible'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64'],
  ['64:ff9b:1::', 48, 'ipv6', 'NAT64'],
  ['100::', 64, 'ipv6', 'discard'],
  ['2001::', 32, 'ipv6', 'Teredo'],
  ['2001:db8::', 32, 'ipv6', 'documentation'],
  ['2002::', 16, 'ipv6', '6to4'],
  ['fc00::', 7, 'ipv6', 'unique local (private)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const forbiddenLists = FORBIDDEN.map(([address, prefix, family, label]) => {
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return { list, label };
});

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  if (version === 4) return 'ipv4';
  if (version === 6) return 'ipv6';
  return undefined;
}

/** Strips the brackets URL hostnames put around IPv6 literals. */
export function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Decides which resolved addresses a plugin may connect to: public unicast
 * addresses, plus the CIDR ranges an administrator allowed
 * (`marketplace.sandbox.fetch.allowAddresses`).
 */
export class AddressGuard {
  private constructor(private readonly allowed: BlockList, private readonly allowedCount: number) {}

  /**
   * @param allowCidrs - e.g. `['10.1.2.0/24', '127.0.0.1/32']`; an entry
   *   that is not a CIDR throws, naming it.
   */
  static create(allowCidrs: string[] = []): AddressGuard {
    const allowed = new BlockList();
    for (const cidr of allowCidrs) {
      const [address, prefixText] = cidr.split('/');
      const family = familyOf(address ?? '');
      const max = family === 'ipv4' ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
        throw new TypeError(`"${cidr}" is not an address range such as 10.0.0.0/8 or fd00::/8`);
      }
      allowed.addSubnet(address, prefix, family);
    }
    return new AddressGuard(allowed, allowCidrs.length);
  }

  /**
   * Why `address` may not be connected to, or undefined when it may. Anything
   * that is not an IP address is refused.
   */
  refusal(address: string): string | undefined {
    const ip = unbracket(address);
    const family = familyOf(ip);
    if (!family) return `${address} is not an IP address`;
    if (this.allowedCount > 0 && this.allowed.check(ip, family)) return undefined;
    for (const { list, label } of forbiddenLists) {
      if (list.check(ip, family)) return `${ip} is a ${label} address`;
    }
    return undefined;
  }
}
