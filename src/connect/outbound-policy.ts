/**
 * The outbound policy of connectors: no request leaves for a private, loopback, link-local or
 * otherwise special address unless the configuration allows it (no SSRF by default). Names
 * are checked after DNS resolution, on the address the socket then connects to (so a name
 * that resolves differently a second time, DNS rebinding, gains nothing), and again for every
 * redirect.
 */
import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export interface OutboundPolicy {
  /** Allow every address, private ones included (a trusted network only). */
  readonly allowPrivate?: boolean;
  /** Addresses or CIDR ranges allowed although special, e.g. `127.0.0.1` or `10.1.0.0/16`. */
  readonly allow?: readonly string[];
}

const specialV4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
];
const specialV6 = ['::/127', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32', '64:ff9b::/96'];

function rangeList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

const special = rangeList([...specialV4, ...specialV6]);

export class OutboundBlocked extends Error {
  /** The same request would be refused again: no retry, an incident at once. */
  readonly retryable = false;
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `the request to '${host}' was refused: it resolves to ${address}, a private, loopback or link-local address; allow it in the connectors' outbound policy if this is intended`,
    );
    this.name = 'OutboundBlocked';
  }
}

export class OutboundGuard {
  private readonly allowed: BlockList;

  constructor(private readonly policy: OutboundPolicy = {}) {
    this.allowed = rangeList(policy.allow ?? []);
  }

  /** Why an address may not be reached, or undefined when it may. */
  refuses(address: string): boolean {
    if (this.policy.allowPrivate) return false;
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return this.refuses(mapped);
    if (this.allowed.check(address, family)) return false;
    return special.check(address, family);
  }

  /** Throws OutboundBlocked for a host that is an address the policy refuses. */
  checkLiteral(host: string): void {
    const address = host.replace(/^\[|\]$/g, '');
    if (isIP(address) && this.refuses(address)) throw new OutboundBlocked(host, address);
  }

  /** A `lookup` for node:http that refuses a name resolving to any refused address. */
  readonly lookup = (
    hostname: string,
    options: object,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = addresses.find((a) => this.refuses(a.address));
      if (refused) return callback(new OutboundBlocked(hostname, refused.address), '');
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
