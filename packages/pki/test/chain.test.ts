/** certificateFromDer: the certificate a peer presents, read once per distinct bytes. */
import { X509Certificate } from 'node:crypto';
import { SimulatedClock, seededRng } from '@ekmsim/core';
import { certificateFromDer, createCa } from '@ekmsim/pki';
import { describe, expect, it } from 'vitest';

describe('certificateFromDer', () => {
  it('reads the certificate the bytes encode, the same object for the same bytes wherever they come from', async () => {
    const ca = await createCa({ commonName: 'Chain CA', clock: new SimulatedClock(Date.UTC(2025, 0, 1)), rng: seededRng(5) });
    const der = new X509Certificate(ca.certPem).raw;
    const first = certificateFromDer(der);
    expect(first.subject).toBe('CN=Chain CA');
    expect(certificateFromDer(new Uint8Array(Buffer.from(der)))).toBe(first);
    // A view into a larger buffer is read by its own bytes only.
    const padded = Buffer.concat([Buffer.from([1, 2, 3]), der, Buffer.from([4])]);
    expect(certificateFromDer(padded.subarray(3, 3 + der.length))).toBe(first);
  });

  it('refuses bytes that are not a certificate, every time', () => {
    expect(() => certificateFromDer(Buffer.from('not a certificate'))).toThrow();
    expect(() => certificateFromDer(Buffer.from('not a certificate'))).toThrow();
  });
});
