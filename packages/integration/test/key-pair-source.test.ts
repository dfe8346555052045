/**
 * A simulation's RSA key pairs come from the source it is given (`ekmsim run` has some made ahead,
 * while the program loads): the API's HTTPS certificate, the key server's CA, the cluster's
 * TLS client key pair (CreatePublicPrivateKeyPair) are each on a pair from it, each a different
 * one, and a simulation asks for no more than it uses.
 */
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { generateKeyPair, parseCsr, type KeyPair, type KeyPairSource } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';

const given: KeyPair[] = [];
const source: KeyPairSource = {
  take: async () => {
    const pair = await generateKeyPair();
    given.push(pair);
    return pair;
  },
};
let t: TestCluster;

beforeAll(async () => {
  t = await startTestCluster({ nodes: 1, drivesPerNode: 1, keyServers: ['kms1'], keyPairs: source });
}, 120_000);
afterAll(() => t?.close());

const publicKeyOf = (certPem: string): string => new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'pem' }).toString();

function apiCertificatePem(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      resolve(new X509Certificate(socket.getPeerCertificate().raw).toString());
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('a simulation given a key pair source', () => {
  it('starts on three pairs from it: the API certificate and the key server CA and server certificates', async () => {
    expect(given).toHaveLength(3);
    expect(new Set(given.map((p) => p.publicKeyPem)).size).toBe(3);
    const publicKeys = given.map((p) => p.publicKeyPem);
    expect(publicKeys).toContain(publicKeyOf(await apiCertificatePem(t.sim.apiUrl)));
    const [keyServer] = (await t.control('ListSimKeyServers')).keyServers as { caCertificate: string }[];
    expect(publicKeys).toContain(publicKeyOf(keyServer!.caCertificate));
  });

  it('CreatePublicPrivateKeyPair takes the next one', async () => {
    await t.api('CreatePublicPrivateKeyPair', { commonName: 'cluster1', organization: 'NetApp', country: 'US' });
    expect(given).toHaveLength(4);
    const { clientCertificateSignRequest } = (await t.api('GetClientCertificateSignRequest')) as { clientCertificateSignRequest: string };
    expect(parseCsr(clientCertificateSignRequest).publicKeyPem).toBe(given[3]!.publicKeyPem);
  });
});
