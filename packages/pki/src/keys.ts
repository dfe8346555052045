import { constants, createPrivateKey, createPublicKey, generateKeyPair as nodeGenerateKeyPair, privateEncrypt, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { PkiError, wrapPki } from './errors.js';
import { asn1FromBytes, forgeLib, type forge } from './forge.js';
import { readPem } from './pem.js';

/** RSA modulus sizes ekmsim generates. */
export type RsaKeyBits = 2048 | 3072 | 4096;

export const RSA_KEY_BITS: readonly RsaKeyBits[] = [2048, 3072, 4096];

/** Smallest RSA modulus accepted from outside (CSRs, CA keys). */
const MIN_RSA_BITS = 2048;

export interface KeyPair {
  /** PKCS#8, `-----BEGIN PRIVATE KEY-----`. */
  readonly privateKeyPem: string;
  /** SubjectPublicKeyInfo, `-----BEGIN PUBLIC KEY-----`. */
  readonly publicKeyPem: string;
}

const generateRsa = promisify(nodeGenerateKeyPair);

/**
 * A fresh RSA key pair. Generation runs in OpenSSL on libuv's thread pool: it is fast and does
 * not block the event loop, but its randomness is OpenSSL's, not an injected Rng, so a
 * deterministic run cannot reproduce keys (certificates' serials and validity still can be).
 */
export async function generateKeyPair(options: { readonly bits?: number } = {}): Promise<KeyPair> {
  const bits = options.bits ?? 2048;
  if (!(RSA_KEY_BITS as readonly number[]).includes(bits)) {
    throw new PkiError('UNSUPPORTED_KEY', `RSA keys of ${bits} bits are not supported; use ${RSA_KEY_BITS.join(', ')}`);
  }
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Reads a private key PEM (PKCS#8 or PKCS#1) into a Node KeyObject. */
export function loadPrivateKey(pem: string): KeyObject {
  const { label, der } = readPem(pem, ['PRIVATE KEY', 'RSA PRIVATE KEY']);
  return wrapPki('BAD_KEY', 'the private key could not be decoded', () =>
    createPrivateKey({ key: Buffer.from(der), format: 'der', type: label === 'PRIVATE KEY' ? 'pkcs8' : 'pkcs1' }),
  );
}

/** Rejects keys ekmsim cannot sign with or should not trust: non-RSA, or under 2048 bits. */
export function requireRsa(key: KeyObject, what: string): void {
  const type = key.asymmetricKeyType;
  if (type !== 'rsa') throw new PkiError('UNSUPPORTED_KEY', `${what} is a ${type ?? 'unknown'} key; only RSA is supported`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw new PkiError('UNSUPPORTED_KEY', `${what} is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`);
}

/** DigestInfo's DER prefix for SHA-256 (RFC 8017 §9.2 note 1): what PKCS#1 v1.5 signs. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * An RSA private key for forge's `sign(key, md)`, after the checks above, whose signature is
 * made by OpenSSL: forge's JavaScript RSA costs tens of milliseconds a signature, the larger part
 * of starting a simulation. forge builds the to-be-signed bytes and digests them; this answers
 * with RSASSA-PKCS1-v1_5 over that digest, the very bytes forge's own key would give.
 */
export function forgePrivateKey(key: KeyObject, what: string): forge.pki.rsa.PrivateKey {
  requireRsa(key, what);
  const signer = {
    sign(md: forge.md.MessageDigest): string {
      if (md.algorithm !== 'sha256') throw new PkiError('UNSUPPORTED_KEY', `signing with ${md.algorithm} is not supported; ekmsim signs with SHA-256`);
      const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')]);
      return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString('binary');
    },
  };
  // forge calls nothing but sign() on the key it is given to sign with.
  return signer as unknown as forge.pki.rsa.PrivateKey;
}

/** The forge public key belonging to a Node key object (private or public). */
export function forgePublicKey(key: KeyObject): forge.pki.rsa.PublicKey {
  return forgeLib().pki.publicKeyFromAsn1(asn1FromBytes(spkiDer(key)));
}

/** SubjectPublicKeyInfo DER of a key, for comparing keys by value. */
export function spkiDer(key: KeyObject): Buffer {
  return (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });
}
