import { generateKeyPairSync } from 'node:crypto';
import { SimulatedClock, seededRng } from '@ekmsim/core';
import {
  certificateMatchesKey,
  checkPem,
  createCa,
  createSelfSignedServerCertificate,
  generateKeyPair,
  issueClientCertificate,
  issueServerCertificate,
  parseCertificate,
  verifyIssuedBy,
  type CertAndKey,
} from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, expectPkiRejection, openssl, opensslFailure, scratch } from './support.js';

const tmp = scratch();
// openssl judges validity on the wall clock, so these certificates are made "now".
const clock = new SimulatedClock(Date.now());
const rng = seededRng(11);
let ca: CertAndKey;
let caPath: string;

beforeAll(async () => {
  ca = await createCa({ commonName: 'Issuing CA', clock, rng });
  caPath = tmp.write('ca.pem', ca.certPem);
});
afterAll(() => tmp.remove());

describe('issueServerCertificate', () => {
  let server: CertAndKey;
  beforeAll(async () => {
    server = await issueServerCertificate({ ca, commonName: 'kmip.example.com', sans: ['kmip.example.com', 'localhost', '127.0.0.1', '::1'], clock, rng });
  });

  it('is a serverAuth leaf with DNS and IP SANs that openssl verifies against the CA', () => {
    const path = tmp.write('server.pem', server.certPem);
    expect(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslserver', path])).toContain(': OK');
    const text = openssl(['x509', '-in', path, '-noout', '-text']);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication\n/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(text).toMatch(/DNS:kmip\.example\.com, DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1/);
    expect(text).toMatch(/CA:FALSE/);
    expect(text).toMatch(/Subject: CN = kmip\.example\.com/);
  });

  it('carries an AKI equal to the CA SKI', () => {
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(openssl(['x509', '-in', caPath, '-noout', '-ext', 'subjectKeyIdentifier']));
    const aki = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(
      openssl(['x509', '-in', tmp.write('server.pem', server.certPem), '-noout', '-ext', 'authorityKeyIdentifier']),
    );
    expect(ski?.[1]).toBeDefined();
    expect(aki?.[1]).toBe(ski?.[1]);
  });

  it('parses back as issued, with a fresh key of its own', () => {
    const info = parseCertificate(server.certPem);
    expect(info.subject).toEqual({ commonName: 'kmip.example.com' });
    expect(info.issuer).toEqual({ commonName: 'Issuing CA' });
    expect(info.sans).toEqual(['kmip.example.com', 'localhost', '127.0.0.1', '::1']);
    expect(info.ekus).toEqual(['serverAuth']);
    expect(info.isCa).toBe(false);
    expect(info.notBefore).toBe(Math.floor((clock.now() - 60_000) / 1000) * 1000);
    expect(info.notAfter).toBe(Math.floor((clock.now() + 365 * DAY_MS) / 1000) * 1000);
    checkPem(server.certPem, 'CERTIFICATE');
    checkPem(server.keyPem, 'PRIVATE KEY');
    expect(certificateMatchesKey(server.certPem, server.keyPem)).toBe(true);
    expect(certificateMatchesKey(server.certPem, ca.keyPem)).toBe(false);
    verifyIssuedBy(server.certPem, ca.certPem);
  });

  it.each(['bad name', 'under_score.example', '-leading.example', '', 'a..b'])('rejects the SAN %j with INVALID_ARGUMENT', async (san) => {
    await expectPkiRejection(issueServerCertificate({ ca, commonName: 'x', sans: [san], clock, rng }), 'INVALID_ARGUMENT');
  });

  it('accepts a wildcard DNS SAN', async () => {
    const cert = await issueServerCertificate({ ca, commonName: 'kms', sans: ['*.kms.example'], clock, rng });
    expect(parseCertificate(cert.certPem).sans).toEqual(['*.kms.example']);
  });
});

describe('issueClientCertificate', () => {
  it('is a clientAuth leaf with the requested subject that openssl verifies for TLS client use', async () => {
    const client = await issueClientCertificate({ ca, commonName: 'cluster-a', organizationalUnit: 'SolidFire', organization: 'NetApp', country: 'US', clock, rng, days: 90 });
    const path = tmp.write('client.pem', client.certPem);
    expect(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslclient', path])).toContain(': OK');
    expect(opensslFailure(['verify', '-CAfile', caPath, '-purpose', 'sslserver', path])).toMatch(/unsuitable certificate purpose/);
    expect(openssl(['x509', '-in', path, '-noout', '-text'])).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\n/);
    const info = parseCertificate(client.certPem);
    expect(info.subject).toEqual({ commonName: 'cluster-a', organizationalUnit: 'SolidFire', organization: 'NetApp', country: 'US' });
    expect(info.ekus).toEqual(['clientAuth']);
    expect(info.sans).toEqual([]);
    expect(info.notAfter - info.notBefore).toBe(90 * DAY_MS + 60_000);
  });
});

describe('issuing with an unusable CA', () => {
  it('refuses a CA whose key does not match its certificate (KEY_MISMATCH)', async () => {
    const other = await createCa({ commonName: 'Other CA', clock, rng });
    await expectPkiRejection(issueClientCertificate({ ca: { certPem: ca.certPem, keyPem: other.keyPem }, commonName: 'c', clock, rng }), 'KEY_MISMATCH');
  });

  it('refuses a leaf certificate as a CA (NOT_A_CA)', async () => {
    const leaf = await issueClientCertificate({ ca, commonName: 'leaf', clock, rng });
    await expectPkiRejection(issueClientCertificate({ ca: leaf, commonName: 'c', clock, rng }), 'NOT_A_CA');
  });

  it('refuses a CA given as something else than PEM (MALFORMED_PEM)', async () => {
    await expectPkiRejection(issueClientCertificate({ ca: { certPem: 'not a pem', keyPem: ca.keyPem }, commonName: 'c', clock, rng }), 'MALFORMED_PEM');
    await expectPkiRejection(issueClientCertificate({ ca: { certPem: ca.certPem, keyPem: ca.certPem }, commonName: 'c', clock, rng }), 'MALFORMED_PEM');
  });
});

describe('issueServerCertificate with a key pair made beforehand', () => {
  it('carries that key pair (made beside the CA\'s, as a new key server site does)', async () => {
    const keyPair = await generateKeyPair();
    const server = await issueServerCertificate({ ca, commonName: 'kmip.example.com', sans: ['kmip.example.com'], keyPair, clock, rng });
    expect(server.keyPem).toBe(keyPair.privateKeyPem);
    expect(certificateMatchesKey(server.certPem, keyPair.privateKeyPem)).toBe(true);
    expect(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslserver', tmp.write('pregenerated.pem', server.certPem)])).toContain(': OK');
  });

  it('refuses a key pair that is not RSA', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await expect(issueServerCertificate({ ca, commonName: 'kmip.example.com', keyPair: { privateKeyPem: privateKey, publicKeyPem: publicKey }, clock, rng })).rejects.toMatchObject({ code: 'UNSUPPORTED_KEY' });
  });
});

describe('createSelfSignedServerCertificate', () => {
  let self: CertAndKey;
  beforeAll(async () => {
    self = await createSelfSignedServerCertificate({ commonName: 'localhost', organizationalUnit: 'SolidFire', sans: ['localhost', '127.0.0.1'], clock, rng });
  });

  it('is a serverAuth leaf issued by itself, which openssl verifies with itself as the only trust', () => {
    const path = tmp.write('self.pem', self.certPem);
    expect(openssl(['verify', '-CAfile', path, '-purpose', 'sslserver', path])).toContain(': OK');
    const text = openssl(['x509', '-in', path, '-noout', '-text']);
    expect(text).toMatch(/CA:FALSE/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication\n/);
    expect(text).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1/);
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(text)?.[1];
    expect(ski).toBeDefined();
    expect(/Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1]).toBe(ski);
  });

  it('names itself as issuer and carries the key it was made with', () => {
    const info = parseCertificate(self.certPem);
    expect(info.issuer).toEqual(info.subject);
    expect(info.isCa).toBe(false);
    expect(certificateMatchesKey(self.certPem, self.keyPem)).toBe(true);
  });
});
