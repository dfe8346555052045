/** The simulator's control API (`/sim/json-rpc/1.0`): the mock key servers, their CAs and their administrators. */
import { describeCsr } from '../audit.js';
import { defineMethod } from '../method.js';
import { SIM_ERROR_NAMES, SIM_KEY_SERVER_ACTIONS } from '../sim-control.js';
import { simControl as sim } from './sim-context.js';

export const listSimKeyServers = defineMethod({
  name: 'ListSimKeyServers',
  since: '1.0',
  params: [],
  changesState: false,
  result: '`keyServers`: {name, vendor, hostnames, port, caCertificate, members: {hostname, listening}[]}[]',
  errors: [],
  description:
    'The mock key servers the simulation runs, with the CA certificate to give CreateKeyServerKmip. A HyTrust KeyControl cluster has a host name per member (give them all as `kmipKeyServerHostnames`), all on one port.',
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
  errors: [SIM_ERROR_NAMES.unknownKeyServer, SIM_ERROR_NAMES.invalidCsr, SIM_ERROR_NAMES.notSupportedByVendor],
  description:
    'The vendor UI\'s "sign the CSR" step (KeySecure\'s Local CA, HyTrust\'s certificate bundle from a CSR, SKLM\'s shared CA): the key server\'s CA signs the cluster\'s CSR for 365 days. A Vormetric DSM is not a CA (TR-4843 §7.2): `xSimNotSupportedByVendor`; use SignThirdPartyCertificate.',
  run: async (ctx, p) => ({ certificate: (await sim(ctx).signClientCertificate(p)).certificate }),
  audit: (p) => ({ keyServer: p.keyServer, csrSubject: describeCsr(p.csr) }),
});

export const signThirdPartyCertificate = defineMethod({
  name: 'SignThirdPartyCertificate',
  since: '1.0',
  params: [{ name: 'csr', type: 'string', required: true, description: 'PEM CSR, e.g. from GetClientCertificateSignRequest' }],
  changesState: true,
  result: '`certificate`: string (PEM client certificate), `caCertificate`: string (PEM of the third-party CA)',
  errors: [SIM_ERROR_NAMES.invalidCsr],
  description:
    'TR-4843 §7.2 step 2: a third-party CA (one per simulation, kept in its data directory) signs the cluster\'s CSR for 3600 days, as the TR\'s `openssl x509 -req -days 3600` does. Every simulated Vormetric DSM trusts this CA as a KMIP root (step 3).',
  run: async (ctx, p) => {
    const { certificate, caCertificate } = await sim(ctx).signThirdPartyCertificate(p);
    return { certificate, caCertificate };
  },
  audit: (p) => ({ csrSubject: describeCsr(p.csr) }),
});

export const simKeyServerAdmin = defineMethod({
  name: 'SimKeyServerAdmin',
  since: '1.0',
  params: [
    { name: 'keyServer', type: 'string', required: true, description: 'Name of a simulated key server (ListSimKeyServers)' },
    { name: 'action', type: 'string', required: true, values: SIM_KEY_SERVER_ACTIONS, description: 'What the key server\'s administrator does (see below)' },
    { name: 'args', type: 'object', description: 'The action\'s argument, e.g. `{"member": 1}`, `{"uid": "…"}`, `{"commonName": "cluster1"}`, `{"sources": ["127.1.0.0/16"]}`' },
  ],
  changesState: true,
  result: '`result`: the action\'s answer (JSON)',
  errors: [SIM_ERROR_NAMES.unknownKeyServer, 'xInvalidParameter', SIM_ERROR_NAMES.keyServerObjectNotFound, SIM_ERROR_NAMES.keyServerConflict, SIM_ERROR_NAMES.notSupportedByVendor, SIM_ERROR_NAMES.keyServerUnavailable],
  description:
    'The key server\'s own administration (its web UI or CLI). Every vendor: `status`, `stop` / `start` (`{member}` for one HyTrust member; a stopped member refuses connections), `restartService` (every object kept), `listObjects`, `deleteKey {uid}` (TR-4843 §1.1 "deleting the AK"), `listCertificates`, `revokeCertificate` / `reinstateCertificate` (`{fingerprint}` or `{commonName}`), `getSourceAllowList`, `setSourceAllowList {sources}` (addresses and CIDR blocks, `null` for all; nodes dial from 127.1.x.y, the foreign site from 127.2.x.y). KeySecure (and for Government): `listLocalUsers`, `addLocalUser {name}`, `removeLocalUser {name}`, `setUserForOuRequired {required}`; KeySecure for Government: `setKmipLicense {licensed}`; Vormetric: `listHosts`, `registerHost {host}`, `unregisterHost {host}`, `importCertificate {host, certificate, format: pem|der}`, `untrustCertificate`; SKLM: `acceptCertificate` ("Accept and Trust"), `untrustCertificate`. Another vendor\'s action is `xSimNotSupportedByVendor`.',
  run: async (ctx, p) => ({ result: (await sim(ctx).keyServerAdmin(p)).result }),
  audit: (p) => ({ keyServer: p.keyServer, action: p.action }),
});
