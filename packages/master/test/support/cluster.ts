/** A master on a scratch directory, and the trust set-up of TR-4843 §9.1 step 1 against a site. */
import { openMaster, type KeyServerKmip, type Master, type MasterOptions } from '@ekmsim/master';
import type { Logger } from '@ekmsim/core';
import { clock, removeDir, rng, scratchDir, type Site } from './site.js';

export interface TestCluster {
  readonly master: Master;
  readonly dataDir: string;
  close(): Promise<void>;
}

export async function openCluster(options: Partial<MasterOptions> = {}): Promise<TestCluster> {
  const dataDir = options.dataDir ?? scratchDir();
  const master = await openMaster({ clock, rng, ...options, dataDir });
  return {
    master,
    dataDir,
    async close() {
      await master.close();
      removeDir(dataDir);
    },
  };
}

export const SUBJECT = { commonName: 'cluster-1', organization: 'NetApp', country: 'US' } as const;

/** Steps 1a–1c: key pair, CSR, signed by the site's CA. Returns the client certificate. */
export async function trust(master: Master, site: Site): Promise<string> {
  await master.createPublicPrivateKeyPair(SUBJECT);
  return site.sign(master.getClientCertificateSignRequest());
}

export async function addServer(master: Master, site: Site, clientCert: string, extra: { name?: string; hostnames?: string[]; caPem?: string } = {}): Promise<KeyServerKmip> {
  return master.createKeyServerKmip({
    kmipCaCertificate: extra.caPem ?? site.ca.certPem,
    kmipClientCertificate: clientCert,
    kmipKeyServerHostnames: extra.hostnames ?? ['localhost'],
    kmipKeyServerName: extra.name ?? 'eks-1',
    kmipKeyServerPort: site.port,
  });
}

export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

export class MemoryLogger implements Logger {
  readonly lines: LogLine[] = [];
  log(level: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.lines.push({ level, message, fields });
  }
  /** Lines at `component` (KS, OpenSSL, EAR, DB). */
  at(component: string): string[] {
    return this.lines.filter((l) => l.fields?.component === component).map((l) => l.message);
  }
}

/** Resolves with the ElementApiError name a call fails with. */
export async function errorName(call: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (e) {
    return (e as { elementName?: string }).elementName ?? `not an ElementApiError: ${String(e)}`;
  }
  return 'no error';
}

export async function failure(call: Promise<unknown> | (() => unknown)): Promise<{ name: string; message: string }> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (e) {
    return { name: (e as { elementName?: string }).elementName ?? 'not an ElementApiError', message: (e as Error).message };
  }
  return { name: 'no error', message: '' };
}
