import { createPrivateKey } from 'node:crypto';
import { checkPem, generateKeyPair, RSA_KEY_BITS } from '@ekmsim/pki';
import { describe, expect, it } from 'vitest';
import { expectPkiRejection } from './support.js';

describe('generateKeyPair', () => {
  it('makes an RSA-2048 pair by default: PKCS#8 private key, SPKI public key, §10.5-clean PEM', async () => {
    const { privateKeyPem, publicKeyPem } = await generateKeyPair();
    expect(checkPem(privateKeyPem, 'PRIVATE KEY').label).toBe('PRIVATE KEY');
    expect(checkPem(publicKeyPem, 'PUBLIC KEY').label).toBe('PUBLIC KEY');
    const key = createPrivateKey(privateKeyPem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('also makes 3072- and 4096-bit keys', async () => {
    const pairs = await Promise.all([generateKeyPair({ bits: 3072 }), generateKeyPair({ bits: 4096 })]);
    expect(pairs.map((p) => createPrivateKey(p.privateKeyPem).asymmetricKeyDetails?.modulusLength)).toEqual([3072, 4096]);
  });

  it('makes a different key every time', async () => {
    const [a, b] = await Promise.all([generateKeyPair(), generateKeyPair()]);
    expect(a.publicKeyPem).not.toBe(b.publicKeyPem);
  });

  it.each([1024, 2047, 8192])('refuses %i bits with UNSUPPORTED_KEY', async (bits) => {
    expect(RSA_KEY_BITS).not.toContain(bits);
    await expectPkiRejection(generateKeyPair({ bits }), 'UNSUPPORTED_KEY');
  });
});
