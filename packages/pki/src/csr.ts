import { createPublicKey, type KeyObject } from 'node:crypto';
import { PkiError, wrapPki } from './errors.js';
import { asn1FromBytes, asn1ToBytes, children, forgeLib, type forge, sha256, type ForgeNameAttribute } from './forge.js';
import { forgePrivateKey, forgePublicKey, loadPrivateKey, requireRsa } from './keys.js';
import { fromForgeAttributes, toForgeAttributes, type DistinguishedName } from './names.js';
import { encodePem, readPem } from './pem.js';

export interface CreateCsrOptions {
  /** The requester's private key (PKCS#8 or PKCS#1 PEM, RSA). */
  readonly keyPem: string;
  readonly subject: DistinguishedName;
}

/** A PKCS#10 certificate signing request, signed with SHA-256, as PEM. */
export function createCsr(options: CreateCsrOptions): string {
  const attrs = toForgeAttributes(options.subject);
  const key = loadPrivateKey(options.keyPem);
  requireRsa(key, 'the private key');
  const csr = forgeLib().pki.createCertificationRequest();
  csr.publicKey = forgePublicKey(key);
  csr.setSubject(attrs);
  csr.sign(forgePrivateKey(key, 'the private key'), sha256());
  return encodePem('CERTIFICATE REQUEST', asn1ToBytes(forgeLib().pki.certificationRequestToAsn1(csr)));
}

export interface CsrInfo {
  readonly subject: DistinguishedName;
  /** The requester's public key, SubjectPublicKeyInfo PEM. */
  readonly publicKeyPem: string;
  readonly keyBits: number;
}

/** Reads a CSR and checks its self-signature (proof that the requester holds the key). */
export function parseCsr(csrPem: string): CsrInfo {
  const { csr, publicKey } = readCsr(csrPem);
  return {
    subject: fromForgeAttributes(csr.subject.attributes as ForgeNameAttribute[]),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyBits: publicKey.asymmetricKeyDetails?.modulusLength ?? 0,
  };
}

export interface ReadCsr {
  readonly csr: forge.pki.CertificateSigningRequest;
  readonly publicKey: KeyObject;
}

/** The parsed, signature-checked CSR. RSA only: forge, and so ekmsim's CA, handles RSA keys. */
export function readCsr(csrPem: string): ReadCsr {
  const { der } = readPem(csrPem, 'CERTIFICATE REQUEST');
  const asn = wrapPki('BAD_CSR', 'the CSR is not valid DER', () => asn1FromBytes(der));
  // CertificationRequest ::= SEQUENCE { info SEQUENCE { version, subject, spki, [0] attributes }, alg, sig }
  const publicKey = wrapPki('BAD_CSR', 'the CSR does not hold a readable public key', () => {
    const spki = children(children(asn)[0])[2];
    if (spki === undefined) throw new TypeError('no subjectPublicKeyInfo');
    return createPublicKey({ key: Buffer.from(asn1ToBytes(spki)), format: 'der', type: 'spki' });
  });
  requireRsa(publicKey, 'the CSR key');
  const csr = wrapPki('BAD_CSR', 'the CSR is not a PKCS#10 request', () => forgeLib().pki.certificationRequestFromAsn1(asn, true));
  const verified = wrapPki('BAD_CSR_SIGNATURE', 'the CSR signature could not be checked', () => csr.verify());
  if (!verified) throw new PkiError('BAD_CSR_SIGNATURE', 'the CSR signature does not match the public key it carries');
  return { csr, publicKey };
}

