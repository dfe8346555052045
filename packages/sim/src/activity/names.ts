/**
 * How the activity view names who took part: parties by the loopback address they dial from
 * (network/addresses.ts), key servers by name and, beyond the first of a HyTrust cluster, member.
 */
import { partyAt } from '../network/addresses.js';

/** `master`, `node 3`, `thief master`, `thief node 1`; another address as it is. */
export function partyName(address: string | undefined): string {
  const { site, nodeID } = partyAt(address);
  if (site === undefined) return address === undefined || address === '' ? 'unknown' : `address ${address.replace(/^::ffff:/, '')}`;
  const who = nodeID === undefined ? 'master' : `node ${nodeID}`;
  return site === 'foreign' ? `thief ${who}` : who;
}

/** The party behind a key server's `remote` field (`address:port`). */
export function partyAtRemote(remote: string): string {
  const colon = remote.lastIndexOf(':');
  return partyName(colon < 0 ? remote : remote.slice(0, colon));
}

/** `kms1` for a key server or its first member (index 0), `kms1 member 2` for the second, … */
export function memberName(keyServer: string, member: number | undefined): string {
  return member === undefined || member === 0 ? keyServer : `${keyServer} member ${member + 1}`;
}
