/** The cluster's TLS client key pair and its CSR (TR-4843 §9.1 step 1). */
import { EMPTY_RESULT, defineMethod } from '../method.js';

const subject = <N extends string>(name: N, rdn: string, note = '') =>
  ({ name, type: 'string', description: `Subject ${rdn} of the key pair's CSR${note}` }) as const;

export const createPublicPrivateKeyPair = defineMethod({
  name: 'CreatePublicPrivateKeyPair',
  since: '11.7',
  params: [
    subject('commonName', 'CN'),
    subject('organization', 'O'),
    subject('organizationalUnit', 'OU', '; `SolidFire` when omitted'),
    subject('locality', 'L'),
    subject('state', 'ST'),
    subject('country', 'C', '; two letters'),
    subject('emailAddress', 'emailAddress'),
  ],
  changesState: true,
  result: '`{}`',
  errors: ['xKeyPairInUse'],
  description: 'Creates (or replaces) the cluster\'s one RSA-2048 key pair for KMIP client TLS. The private key never leaves the cluster.',
  run: async (ctx, p) => {
    await ctx.master.createPublicPrivateKeyPair(p);
    return EMPTY_RESULT;
  },
  audit: (p) => ({
    subject: Object.entries(p)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', '),
  }),
});

export const getClientCertificateSignRequest = defineMethod({
  name: 'GetClientCertificateSignRequest',
  since: '11.7',
  params: [],
  changesState: false,
  result: '`clientCertificateSignRequest`: string (PEM PKCS#10)',
  errors: ['xSslKeysDoNotExist', 'xCsrGenerationFailed'],
  description: 'A PKCS#10 CSR for the current key pair, for the key server\'s CA to sign.',
  run: (ctx) => ({ clientCertificateSignRequest: ctx.master.getClientCertificateSignRequest() }),
});
