import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import type { Rng } from '@ekmsim/core';
import { concatBytes, utf8Encode } from '@ekmsim/core';

/**
 * The drive's key hierarchy, all on node:crypto:
 *
 *   PIN ──HKDF-SHA-256(salt = serial ‖ row salt, info = authority)──▶ KEK
 *   KEK ──AES-256-GCM──▶ sealed C_PIN row   (Admin1/User1: seals the Locking SP key; SID/PSID: seals nothing)
 *   Locking SP key ──AES-256-GCM──▶ each range's MEK
 *   MSID ──HKDF──▶ open KEK ──AES-256-GCM──▶ MEK of a range usable without a PIN at power-on
 *
 * A wrong PIN gives a wrong KEK and the GCM tag check fails: that is how the drive tells a wrong
 * PIN, and the only verifier it stores. HKDF, not a password hash: the AK is 32 random bytes, so
 * stretching adds nothing against guessing, and PBKDF2-HMAC-SHA1 × 75,000 (what sedutil applies on
 * the host) costs ~37 ms per unlock here, 480 drives ≈ 18 s of CPU against a 5 s boot budget.
 * A human PIN should be stretched by the host (as sedutil does) before it reaches the drive.
 */
const LABEL = 'ekmsim-sed/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type KeyPurpose = `C_PIN ${string}` | 'open' | `MEK ${string}`;

/** The KEK of a C_PIN row (or, from the MSID, the open KEK). */
export function deriveKek(pin: Uint8Array, serial: Uint8Array, rowSalt: Uint8Array, purpose: KeyPurpose): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', pin, concatBytes([serial, rowSalt]), utf8Encode(`${LABEL} ${purpose}`), 32));
}

/** AES-256-GCM under `kek`, bound to `aad`: iv ‖ ciphertext ‖ tag. */
export function seal(kek: Uint8Array, plaintext: Uint8Array, aad: string, rng: Rng): Uint8Array {
  const iv = rng.bytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(utf8Encode(`${LABEL} ${aad}`));
  const body = concatBytes([cipher.update(plaintext), cipher.final()]);
  return concatBytes([iv, body, cipher.getAuthTag()]);
}

/** The plaintext of `sealed`, or undefined when the tag does not verify (wrong key, or tampering). */
export function open(kek: Uint8Array, sealed: Uint8Array, aad: string): Uint8Array | undefined {
  if (sealed.length < IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', kek, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(utf8Encode(`${LABEL} ${aad}`));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return concatBytes([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** Overwrites key material once it is no longer needed. */
export function wipe(key: Uint8Array | undefined): void {
  key?.fill(0);
}
