import { seededRng } from '@ekmsim/core';
import { describe, expect, it } from 'vitest';
import { generateBoxKeyPair, open, seal, WIRE_ERROR_CODES, WireError, type SealedBox } from '@ekmsim/wire';

const alice = { id: 'node-1', keyPair: generateBoxKeyPair() };
const bob = { id: 'node-2', keyPair: generateBoxKeyPair() };
const rng = seededRng(7);
const secret = new TextEncoder().encode('{"kind":"share","data":"0123abcd"}');

function sealForAlice(purpose = 'share/1'): SealedBox {
  return seal(secret, { id: alice.id, publicKey: alice.keyPair.publicKey }, purpose, rng);
}

function unsealError(f: () => unknown): WireError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WireError);
    expect((e as WireError).code).toBe(WIRE_ERROR_CODES.unseal);
    return e as WireError;
  }
  throw new Error('the box opened');
}

/** The box with one bit of a base64 field flipped. */
function flip(box: SealedBox, field: 'ciphertext' | 'nonce' | 'ephemeralPublicKey', byte = 0): SealedBox {
  const bytes = Buffer.from(box[field], 'base64');
  bytes[byte] = bytes[byte]! ^ 1;
  return { ...box, [field]: bytes.toString('base64') };
}

describe('sealed boxes', () => {
  it('open for their recipient and purpose, and show nothing of the plaintext', () => {
    const box = sealForAlice();
    expect(box.to).toBe('node-1');
    expect(box.purpose).toBe('share/1');
    expect(Buffer.from(open(box, alice, 'share/1'))).toEqual(Buffer.from(secret));
    expect(JSON.stringify(box)).not.toContain('0123abcd');
    expect(Buffer.from(box.ciphertext, 'base64').length).toBe(secret.length + 16);
  });

  it('two seals of the same plaintext differ (fresh ephemeral key and nonce)', () => {
    const a = sealForAlice();
    const b = sealForAlice();
    expect(a.ephemeralPublicKey).not.toBe(b.ephemeralPublicKey);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('key pairs: a 32-byte public key that travels, a private key that does not', () => {
    expect(Buffer.from(alice.keyPair.publicKey, 'base64')).toHaveLength(32);
    expect(alice.keyPair.privateKey).not.toContain(alice.keyPair.publicKey.slice(0, 20));
  });

  it('do not open for another recipient', () => {
    const box = sealForAlice();
    expect(unsealError(() => open(box, bob, 'share/1')).message).toBe('sealed box is for node-1, not node-2');
    // Readdressed to bob, it still does not open: the key agreement and the associated data are alice's.
    expect(unsealError(() => open({ ...box, to: bob.id }, bob, 'share/1')).message).toBe('sealed box failed authentication');
  });

  it('do not open for another purpose, even relabelled', () => {
    const box = sealForAlice('share/1');
    expect(unsealError(() => open(box, alice, 'client-key/1')).message).toBe('sealed box is for share/1, not client-key/1');
    expect(unsealError(() => open({ ...box, purpose: 'share/2' }, alice, 'share/2')).message).toBe('sealed box failed authentication');
  });

  it('do not open once tampered with', () => {
    const box = sealForAlice();
    expect(unsealError(() => open(flip(box, 'ciphertext'), alice, 'share/1')).message).toBe('sealed box failed authentication');
    const tagByte = Buffer.from(box.ciphertext, 'base64').length - 1;
    expect(unsealError(() => open(flip(box, 'ciphertext', tagByte), alice, 'share/1')).message).toBe('sealed box failed authentication');
    expect(unsealError(() => open(flip(box, 'nonce'), alice, 'share/1')).message).toBe('sealed box failed authentication');
    expect(unsealError(() => open(flip(box, 'ephemeralPublicKey'), alice, 'share/1')).message).toBe('sealed box failed authentication');
  });

  it('refuse truncated boxes and keys of the wrong size', () => {
    const box = sealForAlice();
    expect(unsealError(() => open({ ...box, ciphertext: 'AAAA' }, alice, 'share/1')).message).toBe('sealed box is truncated');
    expect(unsealError(() => open({ ...box, nonce: 'AAAA' }, alice, 'share/1')).message).toBe('sealed box is truncated');
    expect(unsealError(() => open({ ...box, ephemeralPublicKey: 'AAAA' }, alice, 'share/1')).message).toBe('ephemeral public key is not 32 bytes');
    expect(unsealError(() => seal(secret, { id: 'node-9', publicKey: 'AAAA' }, 'share/1', rng)).message).toBe('recipient public key is not 32 bytes');
  });

  it('refuse a low-order public key with WIRE_UNSEAL, not an OpenSSL error (regression: derive threw ERR_OSSL_FAILED_DURING_DERIVATION)', () => {
    const zero = Buffer.alloc(32).toString('base64');
    expect(unsealError(() => open({ ...sealForAlice(), ephemeralPublicKey: zero }, alice, 'share/1')).message).toBe(
      'a public key of the sealed box is not a usable X25519 key',
    );
    expect(unsealError(() => seal(secret, { id: 'node-9', publicKey: zero }, 'share/1', rng)).message).toBe(
      'a public key of the sealed box is not a usable X25519 key',
    );
  });
});
