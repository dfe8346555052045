/** The simulator's control API behind `/sim/json-rpc/1.0`: what a real cluster has no API for. */
import type { Clock, Rng } from '@ekmsim/core';
import type { SimControl, SimKeyServerInfo } from '@ekmsim/api';
import { ElementApiError } from '@ekmsim/master';
import { PkiError, signCsr } from '@ekmsim/pki';
import type { KeyServerSite } from './key-server-site.js';

export function simControl(sites: ReadonlyMap<string, KeyServerSite>, env: { clock: Clock; rng: Rng }): SimControl {
  const site = (name: string): KeyServerSite => {
    const s = sites.get(name);
    if (s === undefined) throw new ElementApiError('xSimKeyServerDoesNotExist', `no simulated key server named ${JSON.stringify(name)}`);
    return s;
  };
  return {
    listSimKeyServers: (): SimKeyServerInfo[] =>
      [...sites.values()].map((s) => ({ name: s.name, vendor: s.vendor, hostnames: [...s.hostnames], port: s.port, caCertificate: s.ca.certPem })),
    signClientCertificate: ({ keyServer, csr }) => {
      const ca = site(keyServer).ca;
      try {
        // TR-4843 §7.2 signs for 3600 days; the vendors' local CAs default to about a year.
        return Promise.resolve({ certificate: signCsr({ csrPem: csr, ca, clock: env.clock, rng: env.rng, days: 365, usage: 'client' }) });
      } catch (e) {
        if (e instanceof PkiError) return Promise.reject(new ElementApiError('xInvalidParameter', `csr: ${e.message}`, { cause: e }));
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
}
