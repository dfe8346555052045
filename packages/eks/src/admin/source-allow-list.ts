/**
 * The source allow-list of TR-4843 §1.1 ("configure the EKS to accept only connections from
 * specific data centers"): IPv4/IPv6 addresses and CIDR blocks. A connection from any other
 * address is closed as soon as it is accepted, before TLS, so it never reaches KMIP.
 */
import { BlockList, isIP } from 'node:net';
import { invalidArgument } from './args.js';

const MAX_ENTRIES = 1024;

/** Checks one entry: an address, or an address and a prefix length no longer than its family's. */
function checkEntry(method: string, entry: unknown, i: number): string {
  if (typeof entry !== 'string') throw invalidArgument(method, `sources[${i}] must be a string`);
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) throw invalidArgument(method, `sources[${i}] ${JSON.stringify(entry)} is not an IP address or a CIDR block`);
  if (prefix !== undefined) {
    const bits = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) throw invalidArgument(method, `sources[${i}] ${JSON.stringify(entry)} has a prefix length outside 0–${bits}`);
  }
  return entry;
}

/** The checked list (null: no allow-list). */
export function parseSources(method: string, sources: unknown): readonly string[] | null {
  if (sources === null) return null;
  if (!Array.isArray(sources)) throw invalidArgument(method, 'sources must be a list of addresses and CIDR blocks, or null');
  if (sources.length > MAX_ENTRIES) throw invalidArgument(method, `sources holds more than ${MAX_ENTRIES} entries`);
  return sources.map((s, i) => checkEntry(method, s, i));
}

/** An IPv4 client reaching a dual-stack listener shows as ::ffff:a.b.c.d. */
function plainAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return { address: mapped, family: 'ipv4' };
  const family = isIP(address);
  if (family === 0) return undefined;
  return { address, family: family === 4 ? 'ipv4' : 'ipv6' };
}

export class SourceMatcher {
  readonly #list: readonly string[] | null;
  readonly #blocks = new BlockList();

  constructor(list: readonly string[] | null) {
    this.#list = list;
    for (const entry of list ?? []) {
      const [address = '', prefix] = entry.split('/');
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.#blocks.addAddress(address, family);
      else this.#blocks.addSubnet(address, Number(prefix), family);
    }
  }

  /** Whether this matcher was built from `list` (the same settings value). */
  builtFrom(list: readonly string[] | null): boolean {
    return this.#list === list;
  }

  allows(remoteAddress: string | undefined): boolean {
    if (this.#list === null) return true;
    const plain = remoteAddress === undefined ? undefined : plainAddress(remoteAddress);
    return plain !== undefined && this.#blocks.check(plain.address, plain.family);
  }
}
