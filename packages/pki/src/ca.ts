import { X509Certificate, type KeyObject } from 'node:crypto';
import type { Clock, Rng } from '@ekmsim/core';
import { PkiError, wrapPki } from './errors.js';
import { caExtensions } from './extensions.js';
import { buildCertificate, type Issuer } from './builder.js';
import { asn1FromBytes, forgeLib, reusableAttributes, type ForgeExtension, type ForgeNameAttribute } from './forge.js';
import { forgePrivateKey, forgePublicKey, generateKeyPair, loadPrivateKey, requireRsa, type KeyPair } from './keys.js';
import { toForgeAttributes, type DistinguishedName } from './names.js';
import { readPem } from './pem.js';
import { checkDays, DEFAULT_VALIDITY_DAYS } from './validity.js';

/** A certificate with its private key, both PEM; a CA is passed around in this shape. */
export interface CertAndKey {
  readonly certPem: string;
  /** PKCS#8 (`BEGIN PRIVATE KEY`) when ekmsim made it; PKCS#1 is accepted on input. */
  readonly keyPem: string;
}

/** Fields of the subject, with a common name required. */
export type SubjectFields = DistinguishedName & { readonly commonName: string };

/** What every issuing call needs: the time source, the randomness, an optional lifetime. */
export interface IssueContext {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly days?: number;
  /** RSA modulus of the new key pair: 2048 (default), 3072 or 4096. */
  readonly keyBits?: number;
}

/** Issuing with a key pair made beforehand (a KeyPairSource's), instead of a new one; it must be RSA of at least 2048 bits. */
export interface PregeneratedKeys {
  readonly keyPair?: KeyPair;
}

/** The key pair a new certificate is made on: the one given, checked, or a new one of `keyBits`. */
export async function certificateKeyPair(options: IssueContext & PregeneratedKeys): Promise<{ readonly privateKeyPem: string; readonly key: KeyObject }> {
  const keys = options.keyPair ?? (await generateKeyPair(options.keyBits === undefined ? {} : { bits: options.keyBits }));
  const key = loadPrivateKey(keys.privateKeyPem);
  requireRsa(key, 'the key pair given');
  return { privateKeyPem: keys.privateKeyPem, key };
}

/** A self-signed root CA (CA:TRUE critical, keyCertSign + cRLSign, SKI, SHA-256; 3650 days). */
export async function createCa(options: SubjectFields & IssueContext & PregeneratedKeys): Promise<CertAndKey> {
  const subject = toForgeAttributes(options);
  const days = options.days ?? DEFAULT_VALIDITY_DAYS.ca;
  checkDays(days);
  const { privateKeyPem, key } = await certificateKeyPair(options);
  const certPem = buildCertificate({
    subject,
    publicKey: forgePublicKey(key),
    issuer: { name: subject, privateKey: forgePrivateKey(key, 'the CA key') },
    extensions: caExtensions(),
    days,
    clock: options.clock,
    rng: options.rng,
  });
  return { certPem, keyPem: privateKeyPem };
}

/** A CA ready to sign: its name, its key, and the key identifier its children's AKI names. */
export interface LoadedCa extends Issuer {
  readonly keyIdentifier: string;
}

/**
 * Reads a CA for signing and checks it can act as one: an RSA certificate with CA:TRUE whose
 * private key is the one given.
 */
export function loadCa(ca: CertAndKey): LoadedCa {
  const { der } = readPem(ca.certPem, 'CERTIFICATE');
  const x509 = wrapPki('BAD_CERTIFICATE', 'the CA certificate could not be decoded', () => new X509Certificate(der));
  if (!x509.ca) throw new PkiError('NOT_A_CA', 'the CA certificate does not have basicConstraints CA:TRUE');
  requireRsa(x509.publicKey, 'the CA certificate key');
  const key = loadPrivateKey(ca.keyPem);
  if (!x509.checkPrivateKey(key)) throw new PkiError('KEY_MISMATCH', 'the CA private key does not belong to the CA certificate');
  const cert = wrapPki('BAD_CERTIFICATE', 'the CA certificate could not be decoded', () =>
    forgeLib().pki.certificateFromAsn1(asn1FromBytes(der)),
  );
  const ski = (cert.extensions as ForgeExtension[]).find((e) => e.name === 'subjectKeyIdentifier')?.subjectKeyIdentifier;
  return {
    name: reusableAttributes(cert.subject.attributes as ForgeNameAttribute[]),
    privateKey: forgePrivateKey(key, 'the CA key'),
    keyIdentifier: ski !== undefined ? forgeLib().util.hexToBytes(ski) : cert.generateSubjectKeyIdentifier().getBytes(),
  };
}
