/**
 * A key-server site as TR-4843 §9.1 sets one up: the vendor's CA, a mock key server (@ekmsim/eks)
 * on 127.0.0.1 with a certificate for localhost/127.0.0.1 signed by that CA, and the CA's
 * "sign the CSR" step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureRng, systemClock } from '@ekmsim/core';
import { startKeyServer, type KeyServer } from '@ekmsim/eks';
import { createCa, issueClientCertificate, issueServerCertificate, signCsr, type CertAndKey } from '@ekmsim/pki';

export const clock = systemClock();
export const rng = secureRng();

export function scratchDir(prefix = 'ekmsim-master-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function makeCa(name: string): Promise<CertAndKey> {
  return createCa({ commonName: name, clock, rng });
}

export interface Site {
  readonly ca: CertAndKey;
  readonly port: number;
  readonly server: KeyServer;
  /** The CA signs the cluster's CSR (`ekmsim ca sign`, or the vendor UI). */
  sign(csrPem: string): string;
  /** Another client of the same identity (same CN): sees the objects the cluster made. */
  peerIdentity(commonName: string): Promise<CertAndKey>;
  close(): Promise<void>;
}

export interface SiteOptions {
  /** More CA certificates the key server trusts for client certificates. */
  readonly alsoTrust?: readonly string[];
  readonly sans?: readonly string[];
  /** Server certificate lifetime in days (default 365). */
  readonly days?: number;
}

export async function startSite(options: SiteOptions = {}): Promise<Site> {
  const ca = await makeCa('Mock KMS CA');
  const cert = await issueServerCertificate({ commonName: 'localhost', sans: options.sans ?? ['localhost', '127.0.0.1'], ca, clock, rng, ...(options.days === undefined ? {} : { days: options.days }) });
  const dataDir = scratchDir('ekmsim-master-eks-');
  const server = await startKeyServer({
    host: '127.0.0.1',
    port: 0,
    tls: { certPem: cert.certPem, keyPem: cert.keyPem, caPem: [ca.certPem, ...(options.alsoTrust ?? [])].join('') },
    dataDir,
    clock,
    rng,
  });
  return {
    ca,
    port: server.port,
    server,
    sign: (csrPem) => signCsr({ csrPem, ca, clock, rng }),
    peerIdentity: (commonName) => issueClientCertificate({ commonName, ca, clock, rng }),
    async close() {
      await server.close();
      removeDir(dataDir);
    },
  };
}

/** A TCP port nothing listens on (a key server that is down). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
