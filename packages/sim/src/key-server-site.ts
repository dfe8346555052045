/**
 * One named mock key server of a simulation, with everything it keeps in its own directory:
 * its CA (the vendor UI's "sign the cluster's CSR" step uses it), its TLS certificate, its object
 * store, and the port it was first given — kept so that a cluster configured with host:port
 * still finds it after `ekmsim up` restarts.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger, Rng } from '@ekmsim/core';
import { startKeyServer, type KeyServer } from '@ekmsim/eks';
import { createCa, issueServerCertificate, type CertAndKey } from '@ekmsim/pki';

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

/** Host names the mock key servers answer to (their certificates' SANs). */
export const KEY_SERVER_HOSTNAMES = ['localhost'] as const;

async function readOrCreate(dir: string, make: () => Promise<CertAndKey>, base: string): Promise<CertAndKey> {
  const certPath = join(dir, `${base}.pem`);
  const keyPath = join(dir, `${base}.key`);
  if (existsSync(certPath) && existsSync(keyPath)) return { certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
  const made = await make();
  await writeFile(keyPath, made.keyPem, { mode: 0o600 });
  await writeFile(certPath, made.certPem);
  return made;
}

export async function startKeyServerSite(spec: KeyServerSpec, dir: string, env: { clock: Clock; rng: Rng; logger?: Logger }): Promise<KeyServerSite> {
  await mkdir(dir, { recursive: true });
  const { clock, rng } = env;
  const ca = await readOrCreate(dir, () => createCa({ commonName: `${spec.name} CA`, organization: 'ekmsim', clock, rng }), 'ca');
  const tls = await readOrCreate(
    dir,
    () => issueServerCertificate({ ca, commonName: KEY_SERVER_HOSTNAMES[0], sans: [...KEY_SERVER_HOSTNAMES, '127.0.0.1'], clock, rng }),
    'server',
  );
  const portFile = join(dir, 'port');
  const keptPort = existsSync(portFile) ? Number(await readFile(portFile, 'utf8')) : 0;
  const server: KeyServer = await startKeyServer({
    host: '127.0.0.1',
    port: keptPort,
    tls: { ...tls, caPem: ca.certPem },
    dataDir: join(dir, 'store'),
    clock,
    rng,
    ...(env.logger === undefined ? {} : { logger: env.logger }),
  });
  if (keptPort === 0) await writeFile(portFile, String(server.port));
  return { name: spec.name, vendor: spec.vendor, hostnames: KEY_SERVER_HOSTNAMES, port: server.port, ca, close: () => server.close() };
}
