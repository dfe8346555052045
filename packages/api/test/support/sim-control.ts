/**
 * A small but real SimControl for tests: each simulated key server has a real CA (pki
 * createCa) that really signs CSRs. Like the simulation's, it reports an unknown key server and
 * a bad CSR as Element errors; anything else (say, a CA whose key does not match) is a bug in
 * the simulation and is thrown as is.
 */
import type { Clock, Rng } from '@ekmsim/core';
import type { SimControl, SimKeyServerInfo } from '@ekmsim/api';
import { ElementApiError } from '@ekmsim/master';
import { PkiError, signCsr, type CertAndKey } from '@ekmsim/pki';

export interface TestKeyServerEntry {
  readonly info: SimKeyServerInfo;
  readonly ca: CertAndKey;
}

const CSR_PROBLEMS = new Set(['BAD_CSR', 'BAD_CSR_SIGNATURE', 'MALFORMED_PEM', 'UNSUPPORTED_KEY']);

export function testSimControl(entries: readonly TestKeyServerEntry[], env: { clock: Clock; rng: Rng }): SimControl {
  return {
    listSimKeyServers: () => entries.map((e) => ({ ...e.info, hostnames: [...e.info.hostnames] })),
    signClientCertificate: ({ keyServer, csr }) => {
      const entry = entries.find((e) => e.info.name === keyServer);
      if (entry === undefined) return Promise.reject(new ElementApiError('xSimKeyServerDoesNotExist', `no simulated key server named ${JSON.stringify(keyServer)}`));
      try {
        return Promise.resolve({ certificate: signCsr({ csrPem: csr, ca: entry.ca, clock: env.clock, rng: env.rng }) });
      } catch (e) {
        if (e instanceof PkiError && CSR_PROBLEMS.has(e.code)) return Promise.reject(new ElementApiError('xInvalidParameter', `csr: ${e.message}`, { cause: e }));
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
}
