import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SimulatedClock, seededRng } from '@ekmsim/core';
import { certificateMatchesKey, createCa, createSelfSignedServerCertificate, freshKeyPairs, keyPairsAhead, type KeyPair } from '@ekmsim/pki';
import { afterAll, describe, expect, it } from 'vitest';
import { openssl, scratch } from './support.js';

const tmp = scratch();
afterAll(() => tmp.remove());
const clock = new SimulatedClock(Date.now());
const rng = seededRng(12);

/** A maker that counts its calls and hands out labelled stand-ins, to see when pairs are begun. */
function countingMaker(): { make: () => Promise<KeyPair>; readonly calls: number } {
  let calls = 0;
  return {
    make: () => {
      calls++;
      return Promise.resolve({ privateKeyPem: `private ${calls}`, publicKeyPem: `public ${calls}` });
    },
    get calls() {
      return calls;
    },
  };
}

describe('keyPairsAhead', () => {
  it('makes its pairs one after another unasked, hands them out first and in order, then makes more when asked', async () => {
    const maker = countingMaker();
    const source = keyPairsAhead(2, { make: maker.make });
    await new Promise((resolve) => setImmediate(resolve));
    expect(maker.calls).toBe(2);
    expect((await source.take()).publicKeyPem).toBe('public 1');
    expect((await source.take()).publicKeyPem).toBe('public 2');
    expect(maker.calls).toBe(2);
    expect((await source.take()).publicKeyPem).toBe('public 3');
    expect(maker.calls).toBe(3);
  });

  it('one at a time: the next pair is begun only when the one before is made', async () => {
    let release: (() => void) | undefined;
    let calls = 0;
    const source = keyPairsAhead(2, { make: () => {
      calls++;
      return new Promise<KeyPair>((resolve) => (release = () => resolve({ privateKeyPem: `private ${calls}`, publicKeyPem: `public ${calls}` })));
    } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
    release?.();
    expect((await source.take()).publicKeyPem).toBe('public 1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    release?.();
    expect((await source.take()).publicKeyPem).toBe('public 2');
  });

  it('a pair that failed to be made fails its taker, not the program, and the next is still made', async () => {
    let calls = 0;
    const source = keyPairsAhead(2, { make: () => (++calls === 1 ? Promise.reject(new Error('no entropy')) : Promise.resolve({ privateKeyPem: 'p', publicKeyPem: 'q' })) });
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled rejection would surface here
    await expect(source.take()).rejects.toThrow('no entropy');
    expect((await source.take()).publicKeyPem).toBe('q');
  });

  it('atOnce side by side: each further pair begins when one of those is made', async () => {
    const releases: (() => void)[] = [];
    let calls = 0;
    const source = keyPairsAhead(3, { atOnce: 2, make: () => {
      const n = ++calls;
      return new Promise<KeyPair>((resolve) => releases.push(() => resolve({ privateKeyPem: `private ${n}`, publicKeyPem: `public ${n}` })));
    } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    releases[1]!(); // the second is made first: the third still waits for the first, whose turn it follows
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    releases[0]!();
    expect((await source.take()).publicKeyPem).toBe('public 1');
    expect((await source.take()).publicKeyPem).toBe('public 2');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(3);
    releases[2]!();
    expect((await source.take()).publicKeyPem).toBe('public 3');
  });

  it('refuses a count or an atOnce that is not a whole number', () => {
    expect(() => keyPairsAhead(-1)).toThrow(RangeError);
    expect(() => keyPairsAhead(1.5)).toThrow(RangeError);
    expect(() => keyPairsAhead(2, { atOnce: 0 })).toThrow(RangeError);
  });

  it('makes real RSA-2048 pairs, each different', async () => {
    const source = keyPairsAhead(1);
    const pairs = [await source.take(), await source.take(), await freshKeyPairs.take()];
    for (const pair of pairs) {
      const key = createPublicKey(pair.privateKeyPem);
      expect(key.asymmetricKeyType).toBe('rsa');
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(key.export({ type: 'spki', format: 'pem' })).toBe(pair.publicKeyPem);
    }
    expect(new Set(pairs.map((p) => p.publicKeyPem)).size).toBe(3);
  });
});

describe('certificates on a key pair taken from a source', () => {
  it('createCa and createSelfSignedServerCertificate carry the pair given (openssl agrees)', async () => {
    const source = keyPairsAhead(2);
    const caPair = await source.take();
    const ca = await createCa({ commonName: 'Ahead CA', clock, rng, keyPair: caPair });
    expect(ca.keyPem).toBe(caPair.privateKeyPem);
    expect(certificateMatchesKey(ca.certPem, caPair.privateKeyPem)).toBe(true);
    const caPath = tmp.write('ahead-ca.pem', ca.certPem);
    expect(openssl(['verify', '-CAfile', caPath, caPath])).toContain(': OK');

    const apiPair = await source.take();
    const self = await createSelfSignedServerCertificate({ commonName: 'localhost', sans: ['localhost'], clock, rng, keyPair: apiPair });
    expect(self.keyPem).toBe(apiPair.privateKeyPem);
    const selfPath = tmp.write('ahead-self.pem', self.certPem);
    expect(openssl(['verify', '-CAfile', selfPath, '-purpose', 'sslserver', selfPath])).toContain(': OK');
  });

  it('refuses a pair that is not RSA', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await expect(createCa({ commonName: 'EC CA', clock, rng, keyPair: { privateKeyPem: privateKey, publicKeyPem: publicKey } })).rejects.toMatchObject({ code: 'UNSUPPORTED_KEY' });
  });
});
