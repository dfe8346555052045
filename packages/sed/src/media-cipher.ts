import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Rng } from '@ekmsim/core';
import { bytesEqual } from '@ekmsim/core';

/**
 * AES-256-XTS, the mode of real SED media (IEEE 1619): a 64-byte MEK (two AES-256 keys), each
 * logical block encrypted with its LBA as the tweak (16 bytes, little-endian).
 */
export const MEK_BYTES = 64;

/** A fresh MEK. OpenSSL refuses XTS keys whose halves are equal, so such a draw is redrawn. */
export function generateMek(rng: Rng): Uint8Array {
  for (;;) {
    const mek = rng.bytes(MEK_BYTES);
    if (!bytesEqual(mek.subarray(0, 32), mek.subarray(32))) return mek;
  }
}

function tweak(lba: number): Uint8Array {
  const t = new Uint8Array(16);
  new DataView(t.buffer).setBigUint64(0, BigInt(lba), true);
  return t;
}

export function encryptBlock(mek: Uint8Array, lba: number, plaintext: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-256-xts', mek, tweak(lba));
  const out = new Uint8Array(plaintext.length);
  out.set(c.update(plaintext), 0);
  c.final();
  return out;
}

export function decryptBlock(mek: Uint8Array, lba: number, ciphertext: Uint8Array): Uint8Array {
  const d = createDecipheriv('aes-256-xts', mek, tweak(lba));
  const out = new Uint8Array(ciphertext.length);
  out.set(d.update(ciphertext), 0);
  d.final();
  return out;
}
