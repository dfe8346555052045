/**
 * A Dialer for the simulated network: host names are looked up (DNS over UDP) at the
 * simulation's own name server, never the host's resolver, and both the lookup and the
 * connection leave from this party's own loopback source address, so whatever answers can tell
 * who is asking (a node, the master, a foreign site) from the packets alone. The certificate is
 * still checked against the name dialed (connectTls binds it), not the address it resolved to.
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { Dialer } from './tls.js';

export interface NameServiceOptions {
  /** The simulation's name server, `ADDRESS:PORT`. */
  readonly nameServer: string;
  /** The source address of every lookup and connection (e.g. a node's `127.1.0.3`). */
  readonly localAddress: string;
  /** How long a lookup may take, in real milliseconds (c-ares' own timer; default 2000). */
  readonly lookupTimeoutMs?: number;
}

export function nameServiceDialer(options: NameServiceOptions): Dialer {
  const resolver = new Resolver({ timeout: options.lookupTimeoutMs ?? 2000, tries: 1 });
  resolver.setServers([options.nameServer]);
  resolver.setLocalAddress(options.localAddress);
  return async (connect) => {
    const host = connect.host ?? 'localhost';
    const address = isIP(host) !== 0 ? host : await lookup(resolver, host);
    // node:tls hands `localAddress` to net.connect; its type does not declare it.
    const source = { localAddress: options.localAddress };
    return tls.connect({ ...connect, host: address, ...source });
  };
}

/** The first IPv4 address of `host`, or an error coded as getaddrinfo codes it (so it maps to `lookup`). */
async function lookup(resolver: Resolver, host: string): Promise<string> {
  let addresses: string[];
  try {
    addresses = await resolver.resolve4(host);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const missing = code === 'ENOTFOUND' || code === 'ENODATA';
    throw Object.assign(new Error(`getaddrinfo ${missing ? 'ENOTFOUND' : 'EAI_AGAIN'} ${host}${missing ? '' : ` (name server: ${String(code)})`}`), {
      code: missing ? 'ENOTFOUND' : 'EAI_AGAIN',
      hostname: host,
    });
  }
  const first = addresses[0];
  if (first === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
  return first;
}
