/**
 * Who is who on the simulated network, by loopback source address (all of 127.0.0.0/8 reaches
 * this host, so every party can have its own): the master dials from 127.0.0.1, local node N
 * from 127.1.hi.lo (N = hi·256 + lo), a node powered on at the foreign site from 127.2.hi.lo and
 * the thief's master there from 127.2.0.0.
 * A key server's proxy and name server read the source of each packet and know the sender, and
 * a key server's allow-list (TR-4843 §1.1: only the cluster's data center) acts on real addresses.
 */
export const SITES = ['local', 'foreign'] as const;
export type Site = (typeof SITES)[number];

export const MASTER_ADDRESS = '127.0.0.1';
/** The thief's master, at the foreign site (theft/): it dials key servers from there too. */
export const FOREIGN_MASTER_ADDRESS = '127.2.0.0';
const NODE_PREFIX: Record<Site, string> = { local: '127.1', foreign: '127.2' };
/** Nothing ever listens here: a refused connection is a real one to this address. */
export const UNREACHABLE_ADDRESS = '127.3.0.1';
/**
 * Where a key server's member listens: member 0 at 127.0.0.1 (where clusters configured with
 * `localhost` find it), member m ≥ 1 of the k-th key server at 127.4.k.m, so that every member
 * of a HyTrust cluster has a host name and address of its own on the one published port.
 */
export function keyServerMemberAddress(keyServerIndex: number, member: number): string {
  if (member === 0) return MASTER_ADDRESS;
  if (!Number.isInteger(keyServerIndex) || keyServerIndex < 0 || keyServerIndex > 255 || !Number.isInteger(member) || member > 254) {
    throw new RangeError(`key server ${keyServerIndex} member ${member} has no simulated address`);
  }
  return `127.4.${keyServerIndex}.${member}`;
}

/** Node IDs that fit the two address bytes. */
export const MAX_NODE_ID = 65_535;

export function nodeAddress(nodeID: number, site: Site = 'local'): string {
  if (!Number.isInteger(nodeID) || nodeID < 1 || nodeID > MAX_NODE_ID) throw new RangeError(`node ID ${nodeID} has no simulated address (1–${MAX_NODE_ID})`);
  return `${NODE_PREFIX[site]}.${nodeID >> 8}.${nodeID & 255}`;
}

export interface Party {
  readonly site: Site | undefined;
  /** The node, for a node's address. */
  readonly nodeID: number | undefined;
}

/** The party behind a source address; the master and any other 127.0.x.y count as the local site. */
export function partyAt(address: string | undefined): Party {
  const ip = (address ?? '').replace(/^::ffff:/, '');
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts[0] !== 127) return { site: undefined, nodeID: undefined };
  const [, b, c, d] = parts as [number, number, number, number];
  if (b === 0) return { site: 'local', nodeID: undefined };
  const site = SITES.find((s) => NODE_PREFIX[s] === `127.${b}`);
  const nodeID = c * 256 + d;
  if (site === undefined) return { site: undefined, nodeID: undefined };
  // x.y.0.0 of a site's range is its master.
  return { site, nodeID: nodeID === 0 ? undefined : nodeID };
}
