/**
 * One named mock key server of a simulation, with everything it keeps in its own directory:
 * its CA (the vendor UI's "sign the cluster's CSR" step uses it), its TLS certificate, its object
 * store, and its published port — kept so that a cluster configured with host:port still finds
 * it after `ekmsim up` restarts. It runs the vendor personality of its spec (@ekmsim/eks). On the
 * simulated network each member is a host name of its own (`NAME.ekmsim.test` for a one-member
 * server, `NAME-1.ekmsim.test`, `NAME-2.ekmsim.test`, … for a HyTrust KeyControl cluster), all
 * on the one published port (Element configures one port and several host names), each relayed
 * to that member's private listener (network/key-server-proxy.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger, Rng } from '@ekmsim/core';
import { startKeyServer, VENDOR_NAMES, type KeyServer, type KeyServerAdmin, type VendorName } from '@ekmsim/eks';
import { createCa, freshKeyPairs, issueServerCertificate, parseCertificate, type CertAndKey, type KeyPairSource } from '@ekmsim/pki';
import { keyServerMemberAddress } from './network/addresses.js';
import { SIMULATED_DOMAIN, type SimulatedNetwork } from './network/network.js';

export const KEY_SERVER_VENDORS: readonly VendorName[] = VENDOR_NAMES;
export type KeyServerVendor = VendorName;

/** HyTrust's recommended active-active pair (TR-4843 §6) when no member count is given. */
export const DEFAULT_HYTRUST_MEMBERS = 2;
/** Member addresses are 127.4.k.1–254. */
export const MAX_MEMBERS = 255;

export interface KeyServerSpec {
  readonly name: string;
  readonly vendor: KeyServerVendor;
  /** Members of a HyTrust KeyControl cluster (default 2); every other vendor has one. */
  readonly members?: number;
}

export interface KeyServerSite {
  readonly name: string;
  readonly vendor: KeyServerVendor;
  /** One per member, member 0 first. */
  readonly hostnames: readonly string[];
  readonly port: number;
  /** The CA that signed the key server's certificate (and, except for Vormetric, signs clients'). */
  readonly ca: CertAndKey;
  readonly admin: KeyServerAdmin;
  /** Puts each member's host name on or off the network as its listener is (after stop/start/restart). */
  syncMembers(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A key server's own certificate lives about as long as its CA (an appliance's does), so that a
 * client certificate walking to its expiry on the simulation clock is seen alone, not mixed up
 * with the server's certificate expiring in the same year.
 */
export const SERVER_CERTIFICATE_DAYS = 3650;

/** Host names every mock key server's certificate also names (clusters configured with them keep working). */
export const KEY_SERVER_HOSTNAMES = ['localhost'] as const;

/** The simulated host name of key server `name` (of its member `member` of `members`). */
export function keyServerHostname(name: string, member = 0, members = 1): string {
  const base = name.toLowerCase();
  return members === 1 ? `${base}.${SIMULATED_DOMAIN}` : `${base}-${member + 1}.${SIMULATED_DOMAIN}`;
}

/** The number of members of a spec, checked: several only for hytrust. */
export function memberCount(spec: KeyServerSpec): number {
  const members = spec.members ?? (spec.vendor === 'hytrust' ? DEFAULT_HYTRUST_MEMBERS : 1);
  if (!Number.isInteger(members) || members < 1 || members > MAX_MEMBERS) throw new RangeError(`key server ${spec.name}: members must be 1–${MAX_MEMBERS}, not ${members}`);
  if (members > 1 && spec.vendor !== 'hytrust') throw new RangeError(`key server ${spec.name}: a ${spec.vendor} key server has one member; only hytrust runs several`);
  return members;
}

export async function readOrCreate(dir: string, make: () => Promise<CertAndKey>, base: string, stillGood: (c: CertAndKey) => boolean = () => true): Promise<CertAndKey> {
  const certPath = join(dir, `${base}.pem`);
  const keyPath = join(dir, `${base}.key`);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const kept = { certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
    if (stillGood(kept)) return kept;
  }
  const made = await make();
  await mkdir(dir, { recursive: true });
  await writeFile(keyPath, made.keyPem, { mode: 0o600 });
  await writeFile(certPath, made.certPem);
  return made;
}

export interface SiteEnvironment {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger?: Logger;
  readonly network: SimulatedNetwork;
  /** Its place among the simulation's key servers (member addresses 127.4.index.m). */
  readonly index: number;
  /** The third-party CA a Vormetric DSM trusts as its KMIP root (TR-4843 §7.2 step 3). */
  readonly thirdPartyCa: () => Promise<CertAndKey>;
  /** Where a new site's two RSA key pairs (its CA's, its server's) come from; made when asked for by default. */
  readonly keyPairs?: KeyPairSource;
}

export async function startKeyServerSite(spec: KeyServerSpec, dir: string, env: SiteEnvironment): Promise<KeyServerSite> {
  await mkdir(dir, { recursive: true });
  const { clock, rng, network } = env;
  const members = memberCount(spec);
  const hostnames = Array.from({ length: members }, (_, m) => keyServerHostname(spec.name, m, members));
  const sans = [...hostnames, ...KEY_SERVER_HOSTNAMES, '127.0.0.1'];
  // A new site's two key pairs are asked for together (each an RSA generation of its own, when
  // not made ahead), not one after the other: the certificates are still made in the same
  // order, from the same rng.
  const keyPairs = env.keyPairs ?? freshKeyPairs;
  const [caKeys, serverKeys] = existsSync(join(dir, 'ca.pem')) ? [] : [keyPairs.take(), keyPairs.take()];
  serverKeys?.catch(() => undefined);
  const ca = await readOrCreate(dir, async () => createCa({ commonName: `${spec.name} CA`, organization: 'ekmsim', clock, rng, ...(caKeys === undefined ? {} : { keyPair: await caKeys }) }), 'ca');
  const tls = await readOrCreate(
    dir,
    async () => issueServerCertificate({ ca, commonName: hostnames[0]!, sans, clock, rng, days: SERVER_CERTIFICATE_DAYS, ...(serverKeys === undefined ? {} : { keyPair: await serverKeys }) }),
    'server',
    // A certificate from before the key server had these simulated names, or its short life, is issued again.
    (kept) => {
      const info = parseCertificate(kept.certPem);
      return sans.every((n) => info.sans.includes(n)) && info.notAfter - info.notBefore > 366 * 86_400_000;
    },
  );
  // Vormetric is not a CA: clients' certificates chain to a third-party root it was told to trust.
  const caPem = spec.vendor === 'vormetric' ? `${ca.certPem.trim()}\n${(await env.thirdPartyCa()).certPem.trim()}\n` : ca.certPem;
  // The key server itself listens on private ports; the simulated network publishes them.
  const server: KeyServer = await startKeyServer({
    host: '127.0.0.1',
    port: 0,
    tls: { ...tls, caPem, ...(spec.vendor === 'hytrust' ? { caKeyPem: ca.keyPem } : {}) },
    dataDir: join(dir, 'store'),
    vendor: spec.vendor,
    additionalMembers: hostnames.slice(1).map(() => ({ host: '127.0.0.1', port: 0 })),
    clock,
    rng,
    ...(env.logger === undefined ? {} : { logger: env.logger }),
  });
  let port = 0;
  try {
    const portFile = join(dir, 'port');
    const keptPort = existsSync(portFile) ? Number(await readFile(portFile, 'utf8')) : 0;
    for (const [m, member] of server.members.entries()) {
      port = await network.addEndpoint({
        keyServer: spec.name,
        member: m,
        hostname: hostnames[m]!,
        upstreamPort: member.port,
        publishedPort: m === 0 ? keptPort : port,
        address: keyServerMemberAddress(env.index, m),
      });
    }
    if (keptPort === 0) await writeFile(portFile, String(port));
  } catch (e) {
    await server.close();
    throw e;
  }
  const syncMembers = async (): Promise<void> => {
    for (const member of server.admin.status().members) await network.setEndpointUp(hostnames[member.index]!, member.listening);
  };
  return { name: spec.name, vendor: spec.vendor, hostnames, port, ca, admin: server.admin, syncMembers, close: () => server.close() };
}
