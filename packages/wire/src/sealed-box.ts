/**
 * Sealed boxes: a secret encrypted to one party's X25519 key so that whoever relays it (the
 * master, for shares between nodes) sees only ciphertext. Ephemeral-static ECDH, HKDF-SHA-256,
 * AES-256-GCM; the recipient and the purpose are bound as associated data, so a box for another
 * node or another use does not open.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import type { Rng } from '@ekmsim/core';
import { WireError, WIRE_ERROR_CODES } from './errors.js';
import type { SealedBox } from './types.js';

const INFO = 'ekmsim sealed box v1';

/** A party's X25519 key pair; `publicKey` is what travels (base64 of the raw 32 bytes). */
export interface BoxKeyPair {
  readonly publicKey: string;
  /** PKCS#8 DER, base64: kept in the party's own state file, never sent. */
  readonly privateKey: string;
}

export function generateBoxKeyPair(): BoxKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKey: rawPublic(publicKey), privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64') };
}

export function seal(plaintext: Uint8Array, to: { readonly id: string; readonly publicKey: string }, purpose: string, rng: Rng): SealedBox {
  const eph = generateKeyPairSync('x25519');
  const ephemeralPublicKey = rawPublic(eph.publicKey);
  const key = derive(eph.privateKey, publicFromRaw(to.publicKey, 'recipient public key'), ephemeralPublicKey, to.publicKey);
  const nonce = Buffer.from(rng.bytes(12));
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(to.id, purpose));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  key.fill(0);
  return { to: to.id, purpose, ephemeralPublicKey, nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
}

/** Opens a box sealed to `me` for `purpose`; the caller wipes the result when done. */
export function open(box: SealedBox, me: { readonly id: string; readonly keyPair: BoxKeyPair }, purpose: string): Uint8Array {
  if (box.to !== me.id) throw new WireError(WIRE_ERROR_CODES.unseal, `sealed box is for ${box.to}, not ${me.id}`);
  if (box.purpose !== purpose) throw new WireError(WIRE_ERROR_CODES.unseal, `sealed box is for ${box.purpose}, not ${purpose}`);
  const priv = createPrivateKey({ key: Buffer.from(me.keyPair.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const key = derive(priv, publicFromRaw(box.ephemeralPublicKey, 'ephemeral public key'), box.ephemeralPublicKey, me.keyPair.publicKey);
  const body = Buffer.from(box.ciphertext, 'base64');
  const nonce = Buffer.from(box.nonce, 'base64');
  if (body.length < 16 || nonce.length !== 12) throw new WireError(WIRE_ERROR_CODES.unseal, 'sealed box is truncated');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(aad(box.to, box.purpose));
    decipher.setAuthTag(body.subarray(body.length - 16));
    const out = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    throw new WireError(WIRE_ERROR_CODES.unseal, 'sealed box failed authentication', { cause: e });
  } finally {
    key.fill(0);
  }
}

function derive(priv: KeyObject, pub: KeyObject, ephemeralPublicKey: string, recipientPublicKey: string): Buffer {
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: priv, publicKey: pub });
  } catch (e) {
    // OpenSSL refuses low-order points (the shared secret would be all zeros).
    throw new WireError(WIRE_ERROR_CODES.unseal, 'a public key of the sealed box is not a usable X25519 key', { cause: e });
  }
  const salt = Buffer.concat([Buffer.from(ephemeralPublicKey, 'base64'), Buffer.from(recipientPublicKey, 'base64')]);
  const key = Buffer.from(hkdfSync('sha256', shared, salt, INFO, 32));
  shared.fill(0);
  return key;
}

function aad(to: string, purpose: string): Buffer {
  return Buffer.from(JSON.stringify([INFO, to, purpose]));
}

// X25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the raw 32-byte key (RFC 8410).
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function rawPublic(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length).toString('base64');
}

function publicFromRaw(raw: string, what: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32) throw new WireError(WIRE_ERROR_CODES.unseal, `${what} is not 32 bytes`);
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, bytes]), format: 'der', type: 'spki' });
}
