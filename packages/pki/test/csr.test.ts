import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatedClock, seededRng } from '@ekmsim/core';
import { checkPem, createCa, createCsr, encodePem, generateKeyPair, parseCertificate, parseCsr, signCsr, verifyIssuedBy, type CertAndKey } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, expectPkiError, openssl, scratch } from './support.js';

const tmp = scratch();
const clock = new SimulatedClock(Date.now());
const rng = seededRng(21);
const ELEMENT_SUBJECT = {
  commonName: 'cluster1.example.com',
  organization: 'NetApp',
  organizationalUnit: 'SolidFire',
  locality: 'Sunnyvale',
  state: 'California',
  country: 'US',
  emailAddress: 'storage-admin@example.com',
} as const;

let ca: CertAndKey;
let caPath: string;
let caKeyPath: string;
let clusterKey: string;
let csrPem: string;

beforeAll(async () => {
  ca = await createCa({ commonName: 'KMIP CA', clock, rng });
  caPath = tmp.write('ca.pem', ca.certPem);
  caKeyPath = tmp.write('ca.key', ca.keyPem);
  clusterKey = (await generateKeyPair()).privateKeyPem;
  csrPem = createCsr({ keyPem: clusterKey, subject: ELEMENT_SUBJECT });
});
afterAll(() => tmp.remove());

describe('createCsr', () => {
  it('makes a SHA-256 PKCS#10 request whose signature openssl verifies', () => {
    checkPem(csrPem, 'CERTIFICATE REQUEST');
    const path = tmp.write('cluster.csr.pem', csrPem);
    expect(openssl(['req', '-verify', '-noout', '-in', path], { merged: true })).toMatch(/verify OK/);
    const text = openssl(['req', '-in', path, '-noout', '-text']);
    expect(text).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(text).toContain('Subject: C = US, ST = California, L = Sunnyvale, O = NetApp, OU = SolidFire, CN = cluster1.example.com, emailAddress = storage-admin@example.com');
  });

  it('parses back to the same subject and the key it was made with', () => {
    const info = parseCsr(csrPem);
    expect(info.subject).toEqual(ELEMENT_SUBJECT);
    expect(info.keyBits).toBe(2048);
    expect(info.publicKeyPem).toBe(openssl(['pkey', '-in', tmp.write('k.pem', clusterKey), '-pubout']));
  });

  it('keeps non-ASCII subject values as UTF-8', () => {
    const csr = createCsr({ keyPem: clusterKey, subject: { commonName: 'Zürich-Ørsted', locality: 'Genève' } });
    expect(parseCsr(csr).subject).toEqual({ commonName: 'Zürich-Ørsted', locality: 'Genève' });
    const text = openssl(['req', '-in', tmp.write('utf8.csr', csr), '-noout', '-subject', '-nameopt', 'utf8']);
    expect(text).toContain('CN=Zürich-Ørsted');
  });

  it('accepts a PKCS#1 key from openssl genrsa -traditional', () => {
    const keyPath = join(tmp.dir, 'pkcs1.key');
    openssl(['genrsa', '-traditional', '-out', keyPath, '2048']);
    const key = readFileSync(keyPath, 'utf8');
    expect(key).toContain('BEGIN RSA PRIVATE KEY');
    expect(parseCsr(createCsr({ keyPem: key, subject: { commonName: 'x' } })).subject).toEqual({ commonName: 'x' });
  });

  it('refuses an empty subject, a non-RSA key, and a broken key', () => {
    expectPkiError(() => createCsr({ keyPem: clusterKey, subject: {} }), 'INVALID_ARGUMENT');
    const ec = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    expectPkiError(() => createCsr({ keyPem: ec, subject: { commonName: 'x' } }), 'UNSUPPORTED_KEY');
    const broken = encodePem('PRIVATE KEY', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]));
    expectPkiError(() => createCsr({ keyPem: broken, subject: { commonName: 'x' } }), 'BAD_KEY');
  });
});

describe('parseCsr / signature checks', () => {
  it('rejects a CSR whose subject was altered after signing (BAD_CSR_SIGNATURE)', () => {
    const der = Buffer.from(checkPem(csrPem, 'CERTIFICATE REQUEST').der);
    const at = der.indexOf('cluster1');
    der[at + 7] = '2'.charCodeAt(0);
    const tampered = encodePem('CERTIFICATE REQUEST', der);
    expectPkiError(() => parseCsr(tampered), 'BAD_CSR_SIGNATURE');
    expectPkiError(() => signCsr({ csrPem: tampered, ca, clock, rng }), 'BAD_CSR_SIGNATURE');
  });

  it('rejects a body that is not a CSR (BAD_CSR) and a certificate given as CSR (MALFORMED_PEM)', () => {
    expectPkiError(() => parseCsr(encodePem('CERTIFICATE REQUEST', new Uint8Array([0x30, 0x00]))), 'BAD_CSR');
    expectPkiError(() => parseCsr(ca.certPem), 'MALFORMED_PEM', 'wrong-label');
  });

  it('rejects EC and RSA-1024 requests (UNSUPPORTED_KEY)', () => {
    const ec = openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(tmp.dir, 'ec.key'), '-subj', '/CN=ec']);
    expectPkiError(() => parseCsr(ec), 'UNSUPPORTED_KEY');
    const small = openssl(['req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', join(tmp.dir, 'small.key'), '-subj', '/CN=small']);
    expectPkiError(() => signCsr({ csrPem: small, ca, clock, rng }), 'UNSUPPORTED_KEY');
  });
});

describe('signCsr (TR-4843 §7.2)', () => {
  it('issues a clientAuth certificate for the CSR that openssl verifies for TLS client use', () => {
    const certPem = signCsr({ csrPem, ca, clock, rng });
    checkPem(certPem, 'CERTIFICATE');
    const path = tmp.write('cluster.cert.pem', certPem);
    expect(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslclient', path])).toContain(': OK');
    const text = openssl(['x509', '-in', path, '-noout', '-text']);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\n/);
    expect(text).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    const info = parseCertificate(certPem);
    expect(info.subject).toEqual(ELEMENT_SUBJECT);
    expect(info.issuer).toEqual({ commonName: 'KMIP CA' });
    expect(info.ekus).toEqual(['clientAuth']);
    expect(info.notAfter - info.notBefore).toBe(365 * DAY_MS + 60_000);
    verifyIssuedBy(certPem, ca.certPem);
    expect(openssl(['x509', '-in', path, '-noout', '-pubkey'])).toBe(parseCsr(csrPem).publicKeyPem);
  });

  it('signs a CSR made by openssl req, keeping its subject byte for byte', () => {
    const keyPath = join(tmp.dir, 'ossl.key');
    const csr = openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-subj', '/C=US/O=NetApp/OU=SolidFire/CN=élément cluster', '-utf8']);
    const certPath = tmp.write('ossl.cert.pem', signCsr({ csrPem: csr, ca, clock, rng, days: 3600 }));
    expect(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslclient', certPath])).toContain(': OK');
    const subjectOf = (args: string[]): string => openssl([...args, '-noout', '-subject', '-nameopt', 'RFC2253']).replace(/^subject=/, '');
    expect(subjectOf(['x509', '-in', certPath])).toBe(subjectOf(['req', '-in', tmp.write('ossl.csr', csr)]));
    expect(openssl(['x509', '-in', certPath, '-noout', '-checkend', String(3599 * 86400)])).toMatch(/will not expire/);
  });

  it('issues a serverAuth certificate with SANs on request', () => {
    const certPem = signCsr({ csrPem, ca, clock, rng, usage: 'server', sans: ['kmip1.example.com', '10.0.0.5'] });
    const info = parseCertificate(certPem);
    expect(info.ekus).toEqual(['serverAuth']);
    expect(info.sans).toEqual(['kmip1.example.com', '10.0.0.5']);
    expect(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslserver', tmp.write('srv.pem', certPem)])).toContain(': OK');
  });

  it('produces what parseCertificate accepts when openssl x509 -req signs instead (the §7.2 commands)', () => {
    const csrPath = tmp.write('cluster.csr.pem', csrPem);
    const out = join(tmp.dir, 'cluster.cert.pem');
    const ext = tmp.write('client.ext', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
    openssl(['x509', '-req', '-days', '3600', '-in', csrPath, '-CA', caPath, '-CAkey', caKeyPath, '-CAcreateserial', '-out', out, '-sha256', '-extfile', ext]);
    const certPem = readFileSync(out, 'utf8');
    const info = parseCertificate(certPem);
    expect(info.subject).toEqual(ELEMENT_SUBJECT);
    expect(info.ekus).toEqual(['clientAuth']);
    expect(info.isCa).toBe(false);
    expect(info.fingerprintSha256).toBe(openssl(['x509', '-in', out, '-noout', '-fingerprint', '-sha256']).trim().replace(/^.*=/, ''));
    expect(info.serialHex).toBe(openssl(['x509', '-in', out, '-noout', '-serial']).trim().replace(/^serial=/, ''));
    verifyIssuedBy(certPem, ca.certPem);
    expect(parseCertificate(signCsr({ csrPem, ca, clock, rng })).ekus).toEqual(info.ekus);

    // Without -extfile, as the TR literally writes it.
    openssl(['x509', '-req', '-days', '3600', '-in', csrPath, '-CA', caPath, '-CAkey', caKeyPath, '-CAcreateserial', '-out', out, '-sha256']);
    expect(parseCertificate(readFileSync(out, 'utf8')).subject.commonName).toBe('cluster1.example.com');
  });

  it('refuses to sign with a mismatched CA key, and validates days', () => {
    expectPkiError(() => signCsr({ csrPem, ca: { certPem: ca.certPem, keyPem: clusterKey }, clock, rng }), 'KEY_MISMATCH');
    expectPkiError(() => signCsr({ csrPem, ca, clock, rng, days: -1 }), 'INVALID_ARGUMENT');
  });
});
