/** The simulator's control API (`/sim/json-rpc/1.0`): the mock key servers and their CAs. */
import { describeCsr } from '../audit.js';
import { defineMethod } from '../method.js';
import { SIM_ERROR_NAMES } from '../sim-control.js';
import { simControl as sim } from './sim-context.js';

export const listSimKeyServers = defineMethod({
  name: 'ListSimKeyServers',
  since: '1.0',
  params: [],
  changesState: false,
  result: '`keyServers`: {name, vendor, hostnames, port, caCertificate}[]',
  errors: [],
  description: 'The mock key servers the simulation runs, with the CA certificate to give CreateKeyServerKmip.',
  run: (ctx) => ({ keyServers: sim(ctx).listSimKeyServers() }),
});

export const signClientCertificate = defineMethod({
  name: 'SignClientCertificate',
  since: '1.0',
  params: [
    { name: 'keyServer', type: 'string', required: true, description: 'Name of a simulated key server (ListSimKeyServers)' },
    { name: 'csr', type: 'string', required: true, description: 'PEM CSR, e.g. from GetClientCertificateSignRequest' },
  ],
  changesState: true,
  result: '`certificate`: string (PEM client certificate signed by the key server\'s CA)',
  errors: [SIM_ERROR_NAMES.unknownKeyServer, SIM_ERROR_NAMES.invalidCsr],
  description: 'The vendor UI\'s "sign the CSR" step: the key server\'s CA signs the cluster\'s CSR.',
  run: async (ctx, p) => ({ certificate: (await sim(ctx).signClientCertificate(p)).certificate }),
  audit: (p) => ({ keyServer: p.keyServer, csrSubject: describeCsr(p.csr) }),
});
