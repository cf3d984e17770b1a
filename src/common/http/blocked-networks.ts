import { BlockList, isIP } from 'node:net';

/** Where push receivers may not be (PUSH_HTTP_BLOCKED_NETWORKS): loopback, link-local, "this host". */
export const DEFAULT_BLOCKED_NETWORKS = '127.0.0.0/8, ::1/128, 169.254.0.0/16, fe80::/10, 0.0.0.0/8';

/**
 * Parses a comma-separated CIDR list (a bare address is a one-address network). Returns the
 * networks in canonical `address/prefix` form, and one text per entry that is not a network.
 */
export function parseNetworks(text: string): { networks: string[]; errors: string[] } {
  const networks: string[] = [];
  const errors: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const [address, prefixText, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (family === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= bits)) {
      errors.push(`${entry} is not an IPv4 or IPv6 network (address/prefix)`);
    } else {
      networks.push(`${address}/${prefix}`);
    }
  }
  return { networks, errors };
}

/** The networks a push receiver may not be in, checked on literal addresses and on resolved ones. */
export class BlockedNetworks {
  private readonly list = new BlockList();

  constructor(readonly networks: readonly string[]) {
    for (const network of networks) {
      const [address, prefix] = network.split('/');
      this.list.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
    }
  }

  /** True when `address` (an IP address; IPv4-mapped IPv6 counts as IPv4) is in a blocked network. */
  blocks(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  /**
   * The literal IP address a notify `address` property names, as the URL parser reads it (so
   * `2130706433`, `0x7f.1` and `[::1]` count as the addresses they are), or null for a host name.
   */
  static literalAddress(address: string): string | null {
    let hostname: string;
    try {
      hostname = new URL(`http://${notifyHost(address)}/`).hostname;
    } catch {
      return null;
    }
    const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    return isIP(bare) !== 0 ? bare : null;
  }
}

/** The host part of a notify URL: an IPv6 address gets its brackets. */
export function notifyHost(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}
