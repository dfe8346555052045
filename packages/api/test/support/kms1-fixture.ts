/** A fixture whose simulator runs one generic key server, kms1, with a CA of its own; and calls to its control API. */
import { secureRng, systemClock } from '@ekmsim/core';
import { createCa } from '@ekmsim/pki';
import { SIM, startFixture, type Fixture } from './fixture.js';
import type { Envelope } from './http.js';
import { testSimControl } from './sim-control.js';

export async function startKms1Fixture(): Promise<Fixture> {
  const clock = systemClock();
  const rng = secureRng();
  const ca = await createCa({ commonName: 'kms1 CA', clock, rng });
  return startFixture({ sim: testSimControl([{ info: { name: 'kms1', vendor: 'generic', hostnames: ['kms1.example'], port: 5696, caCertificate: ca.certPem }, ca }], { clock, rng }) });
}

/** A control-API method's result, and a control-API call's error. */
export function simCalls(fixture: () => Fixture): {
  sim: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;
  simError: (method: string, params: unknown) => Promise<Envelope['error']>;
} {
  return {
    sim: (method, params = {}) => fixture().result(method, params, SIM),
    simError: async (method, params) => (await fixture().call(method, params, { path: SIM })).error,
  };
}
