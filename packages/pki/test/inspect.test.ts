import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatedClock, seededRng } from '@ekmsim/core';
import {
  certificateMatchesKey,
  createCa,
  createCsr,
  generateKeyPair,
  issueClientCertificate,
  parseCertificate,
  signCsr,
  validityAt,
  verifyIssuedBy,
  type CertAndKey,
} from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, expectPkiError, openssl, scratch } from './support.js';

const tmp = scratch();
const NOW = Date.UTC(2025, 0, 15, 8, 30, 0);
const clock = new SimulatedClock(NOW);
const rng = seededRng(31);
let ca: CertAndKey;
let otherCa: CertAndKey;
let client: CertAndKey;

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([createCa({ commonName: 'CA one', clock, rng }), createCa({ commonName: 'CA two', clock, rng })]);
  client = await issueClientCertificate({ ca, commonName: 'node-1', clock, rng, days: 30 });
});
afterAll(() => tmp.remove());

describe('validityAt', () => {
  it('judges the validity window on the given clock reading, bounds inclusive', () => {
    const { notBefore, notAfter } = parseCertificate(client.certPem);
    expect(notBefore).toBe(NOW - 60_000);
    expect(notAfter).toBe(NOW + 30 * DAY_MS);
    expect(validityAt(client.certPem, notBefore - 1)).toBe('not-yet-valid');
    expect(validityAt(client.certPem, notBefore)).toBe('valid');
    expect(validityAt(client.certPem, NOW)).toBe('valid');
    expect(validityAt(client.certPem, notAfter)).toBe('valid');
    expect(validityAt(client.certPem, notAfter + 1)).toBe('expired');
  });

  it('follows a simulated clock as it advances past expiry', () => {
    const sim = new SimulatedClock(NOW);
    sim.advance(29 * DAY_MS);
    expect(validityAt(client.certPem, sim.now())).toBe('valid');
    sim.advance(2 * DAY_MS);
    expect(validityAt(client.certPem, sim.now())).toBe('expired');
  });

  it('tolerates a peer whose clock runs up to a minute behind the issuer', () => {
    expect(validityAt(client.certPem, NOW - 59_000)).toBe('valid');
  });

  it('reads GeneralizedTime dates after 2049', async () => {
    const late = new SimulatedClock(Date.UTC(2049, 11, 1));
    const cert = await issueClientCertificate({ ca, commonName: 'late', clock: late, rng, days: 365 });
    expect(parseCertificate(cert.certPem).notAfter).toBe(Date.UTC(2049, 11, 1) + 365 * DAY_MS);
    expect(validityAt(cert.certPem, Date.UTC(2050, 6, 1))).toBe('valid');
  });
});

describe('verifyIssuedBy', () => {
  it('accepts the issuing CA', () => {
    verifyIssuedBy(client.certPem, ca.certPem);
  });

  it('rejects another CA (NOT_SIGNED_BY_CA)', () => {
    expectPkiError(() => verifyIssuedBy(client.certPem, otherCa.certPem), 'NOT_SIGNED_BY_CA');
  });

  it('rejects an impostor CA with the same name but another key (NOT_SIGNED_BY_CA)', async () => {
    const impostor = await createCa({ commonName: 'CA one', clock, rng });
    expectPkiError(() => verifyIssuedBy(client.certPem, impostor.certPem), 'NOT_SIGNED_BY_CA');
  });

  it('rejects a leaf given as the CA (NOT_A_CA)', () => {
    expectPkiError(() => verifyIssuedBy(client.certPem, client.certPem), 'NOT_A_CA');
  });
});

describe('certificateMatchesKey', () => {
  it('tells whether a private key belongs to a certificate', async () => {
    expect(certificateMatchesKey(client.certPem, client.keyPem)).toBe(true);
    expect(certificateMatchesKey(client.certPem, (await generateKeyPair()).privateKeyPem)).toBe(false);
    expect(certificateMatchesKey(ca.certPem, ca.keyPem)).toBe(true);
  });

  it('reads keys with CRLF line ends (only checkPem is strict about them)', () => {
    expect(certificateMatchesKey(client.certPem.replace(/\n/g, '\r\n'), client.keyPem.replace(/\n/g, '\r\n'))).toBe(true);
  });

  it('reports a malformed key as MALFORMED_PEM without quoting it', () => {
    const spaced = client.keyPem.replace(/([A-Za-z0-9+/=])\n/g, '$1 \n');
    const err = expectPkiError(() => certificateMatchesKey(client.certPem, spaced), 'MALFORMED_PEM', 'bad-character');
    expect(err.message).not.toContain(client.keyPem.split('\n')[1]);
  });
});

describe('interoperating with an openssl-made CA (TR-4843 §7.2 commands)', () => {
  let osslCa: CertAndKey;
  let caPath: string;
  beforeAll(() => {
    const keyPath = join(tmp.dir, 'ca.privkey.pem');
    caPath = join(tmp.dir, 'ca.cert.pem');
    openssl(['genrsa', '-traditional', '-out', keyPath, '2048']);
    openssl(['req', '-x509', '-new', '-nodes', '-key', keyPath, '-sha256', '-days', '3650', '-out', caPath, '-subj', '/C=US/O=Example/CN=Example Root CA']);
    osslCa = { certPem: readFileSync(caPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
  });

  it('parses the openssl CA', () => {
    const info = parseCertificate(osslCa.certPem);
    expect(info.isCa).toBe(true);
    expect(info.subject).toEqual({ country: 'US', organization: 'Example', commonName: 'Example Root CA' });
    expect(info.issuer).toEqual(info.subject);
    expect(info.notAfter - info.notBefore).toBe(3650 * DAY_MS);
  });

  it('signs a CSR with it (PKCS#1 CA key) into a certificate openssl verifies', async () => {
    const key = (await generateKeyPair()).privateKeyPem;
    const csrPem = createCsr({ keyPem: key, subject: { commonName: 'cluster', organizationalUnit: 'SolidFire' } });
    const certPem = signCsr({ csrPem, ca: osslCa, clock: new SimulatedClock(Date.now()), rng });
    expect(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslclient', tmp.write('c.pem', certPem)])).toContain(': OK');
    verifyIssuedBy(certPem, osslCa.certPem);
    expect(certificateMatchesKey(certPem, key)).toBe(true);
  });
});

describe('parseCertificate on certificates ekmsim did not make', () => {
  it('reads an EC certificate with email and URI SANs, keeping only DNS and IP', () => {
    const keyPath = join(tmp.dir, 'ec.key');
    const pem = openssl([
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-days', '10', '-subj', '/CN=ec.example',
      '-addext', 'subjectAltName=DNS:ec.example,IP:192.0.2.7,IP:2001:db8::1,email:a@ec.example,URI:https://ec.example/',
      '-addext', 'extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.4.1.99999.1',
    ]);
    const info = parseCertificate(pem);
    expect(info.subject).toEqual({ commonName: 'ec.example' });
    expect(info.sans).toEqual(['ec.example', '192.0.2.7', '2001:db8::1']);
    expect(info.ekus).toEqual(['serverAuth', 'clientAuth', '1.3.6.1.4.1.99999.1']);
    expect(info.isCa).toBe(true);
    expect(certificateMatchesKey(pem, readFileSync(keyPath, 'utf8'))).toBe(true);
  });
});
