import { createPrivateKey, X509Certificate } from 'node:crypto';
import { SimulatedClock, seededRng } from '@ekmsim/core';
import { checkPem, CLOCK_SKEW_ALLOWANCE_MS, createCa, parseCertificate, verifyIssuedBy } from '@ekmsim/pki';
import { afterAll, describe, expect, it } from 'vitest';
import { DAY_MS, expectPkiRejection, openssl, scratch } from './support.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const tmp = scratch();
afterAll(() => tmp.remove());

describe('createCa', () => {
  it('makes a self-signed SHA-256 root that openssl reads as CA:TRUE with keyCertSign and cRLSign', async () => {
    const ca = await createCa({ commonName: 'ekmsim test CA', organization: 'ekmsim', clock: new SimulatedClock(Date.now()), rng: seededRng(1) });
    const path = tmp.write('ca.pem', ca.certPem);
    const text = openssl(['x509', '-in', path, '-noout', '-text']);
    expect(text).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toMatch(/X509v3 Subject Key Identifier:/);
    expect(text).toMatch(/Public-Key: \(2048 bit\)/);
    expect(text).toMatch(/Issuer: O = ekmsim, CN = ekmsim test CA/);
    expect(text).toMatch(/Subject: O = ekmsim, CN = ekmsim test CA/);
    expect(openssl(['verify', '-CAfile', path, path])).toContain(': OK');
    verifyIssuedBy(ca.certPem, ca.certPem);
  });

  it('returns a PKCS#8 key that belongs to the certificate, all PEM §10.5-clean', async () => {
    const ca = await createCa({ commonName: 'CA', clock: new SimulatedClock(NOW), rng: seededRng(2) });
    checkPem(ca.certPem, 'CERTIFICATE');
    checkPem(ca.keyPem, 'PRIVATE KEY');
    expect(new X509Certificate(ca.certPem).checkPrivateKey(createPrivateKey(ca.keyPem))).toBe(true);
  });

  it('is valid from one minute before the clock reading (peer skew) for 3650 days by default', async () => {
    const ca = await createCa({ commonName: 'CA', clock: new SimulatedClock(NOW), rng: seededRng(3) });
    const info = parseCertificate(ca.certPem);
    expect(CLOCK_SKEW_ALLOWANCE_MS).toBe(60_000);
    expect(info.notBefore).toBe(NOW - 60_000);
    expect(info.notAfter).toBe(NOW + 3650 * DAY_MS);
    expect(info.isCa).toBe(true);
  });

  it('takes the lifetime in days and the key size', async () => {
    const ca = await createCa({ commonName: 'CA', clock: new SimulatedClock(NOW), rng: seededRng(4), days: 30, keyBits: 3072 });
    expect(parseCertificate(ca.certPem).notAfter).toBe(NOW + 30 * DAY_MS);
    expect(createPrivateKey(ca.keyPem).asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  it('draws a positive 16-byte serial from the injected Rng, so a seed reproduces it', async () => {
    const serial = async (seed: number): Promise<string> =>
      parseCertificate((await createCa({ commonName: 'CA', clock: new SimulatedClock(NOW), rng: seededRng(seed) })).certPem).serialHex;
    const [a, b, c] = await Promise.all([serial(42), serial(42), serial(43)]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-7][0-9A-F]{31}$/);
    expect(a).not.toMatch(/^00/);
  });

  it('rejects bad arguments with INVALID_ARGUMENT before generating a key', async () => {
    const clock = new SimulatedClock(NOW);
    const rng = seededRng(5);
    await expectPkiRejection(createCa({ commonName: ' ', clock, rng }), 'INVALID_ARGUMENT');
    await expectPkiRejection(createCa({ commonName: 'CA', country: 'USA', clock, rng }), 'INVALID_ARGUMENT');
    await expectPkiRejection(createCa({ commonName: 'CA', days: 0, clock, rng }), 'INVALID_ARGUMENT');
    await expectPkiRejection(createCa({ commonName: 'CA', days: 1.5, clock, rng }), 'INVALID_ARGUMENT');
    await expectPkiRejection(createCa({ commonName: 'CA', keyBits: 1024, clock, rng }), 'UNSUPPORTED_KEY');
  });
});
