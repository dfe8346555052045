/**
 * One named mock key server of a simulation, with everything it keeps in its own directory:
 * its CA (the vendor UI's "sign the cluster's CSR" step uses it), its TLS certificate, its object
 * store, and its published port — kept so that a cluster configured with host:port still finds
 * it after `ekmsim up` restarts. On the simulated network it is `NAME.ekmsim.test` (and, for
 * clusters configured before, `localhost`) at the published port, relayed to the key server's
 * private port (network/key-server-proxy.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger, Rng } from '@ekmsim/core';
import { startKeyServer, type KeyServer } from '@ekmsim/eks';
import { createCa, issueServerCertificate, parseCertificate, type CertAndKey } from '@ekmsim/pki';
import { SIMULATED_DOMAIN, type SimulatedNetwork } from './network/network.js';

export const KEY_SERVER_VENDORS = ['generic'] as const;
export type KeyServerVendor = (typeof KEY_SERVER_VENDORS)[number];

export interface KeyServerSpec {
  readonly name: string;
  readonly vendor: KeyServerVendor;
}

export interface KeyServerSite {
  readonly name: string;
  readonly vendor: KeyServerVendor;
  readonly hostnames: readonly string[];
  readonly port: number;
  readonly ca: CertAndKey;
  close(): Promise<void>;
}

/** Host names every mock key server's certificate also names (clusters configured with them keep working). */
export const KEY_SERVER_HOSTNAMES = ['localhost'] as const;

/** The simulated host name of key server `name`. */
export function keyServerHostname(name: string): string {
  return `${name.toLowerCase()}.${SIMULATED_DOMAIN}`;
}

async function readOrCreate(dir: string, make: () => Promise<CertAndKey>, base: string, stillGood: (c: CertAndKey) => boolean = () => true): Promise<CertAndKey> {
  const certPath = join(dir, `${base}.pem`);
  const keyPath = join(dir, `${base}.key`);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const kept = { certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
    if (stillGood(kept)) return kept;
  }
  const made = await make();
  await writeFile(keyPath, made.keyPem, { mode: 0o600 });
  await writeFile(certPath, made.certPem);
  return made;
}

export async function startKeyServerSite(
  spec: KeyServerSpec,
  dir: string,
  env: { clock: Clock; rng: Rng; logger?: Logger; network: SimulatedNetwork },
): Promise<KeyServerSite> {
  await mkdir(dir, { recursive: true });
  const { clock, rng } = env;
  const hostname = keyServerHostname(spec.name);
  const sans = [hostname, ...KEY_SERVER_HOSTNAMES, '127.0.0.1'];
  const ca = await readOrCreate(dir, () => createCa({ commonName: `${spec.name} CA`, organization: 'ekmsim', clock, rng }), 'ca');
  const tls = await readOrCreate(
    dir,
    () => issueServerCertificate({ ca, commonName: hostname, sans, clock, rng }),
    'server',
    // A certificate from before the key server had its simulated name is issued again.
    (kept) => sans.every((n) => parseCertificate(kept.certPem).sans.includes(n)),
  );
  // The key server itself listens on a private port; the simulated network publishes it.
  const server: KeyServer = await startKeyServer({
    host: '127.0.0.1',
    port: 0,
    tls: { ...tls, caPem: ca.certPem },
    dataDir: join(dir, 'store'),
    clock,
    rng,
    ...(env.logger === undefined ? {} : { logger: env.logger }),
  });
  let port: number;
  try {
    const portFile = join(dir, 'port');
    const keptPort = existsSync(portFile) ? Number(await readFile(portFile, 'utf8')) : 0;
    port = await env.network.addEndpoint(spec.name, hostname, server.port, keptPort);
    if (keptPort === 0) await writeFile(portFile, String(port));
  } catch (e) {
    await server.close();
    throw e;
  }
  return { name: spec.name, vendor: spec.vendor, hostnames: [hostname], port, ca, close: () => server.close() };
}
