import { X509Certificate } from 'node:crypto';
import { PkiError, wrapPki } from './errors.js';
import { loadPrivateKey } from './keys.js';
import { parseCertificate } from './parse.js';
import { readPem } from './pem.js';

/** Where an instant falls relative to a certificate's validity period. */
export type Validity = 'not-yet-valid' | 'valid' | 'expired';

/** True when `keyPem` is the private key of the certificate's public key (any key type). */
export function certificateMatchesKey(certPem: string, keyPem: string): boolean {
  const cert = x509(certPem, 'the certificate');
  return cert.checkPrivateKey(loadPrivateKey(keyPem));
}

/**
 * Throws NOT_SIGNED_BY_CA unless `caPem` issued `certPem`: the issuer name (and key identifier,
 * when both carry one) matches the CA, and the signature verifies with the CA's public key.
 * Throws NOT_A_CA when `caPem` lacks CA:TRUE. Validity dates are not judged here: see validityAt.
 */
export function verifyIssuedBy(certPem: string, caPem: string): void {
  const cert = x509(certPem, 'the certificate');
  const ca = x509(caPem, 'the CA certificate');
  if (!ca.ca) throw new PkiError('NOT_A_CA', 'the CA certificate does not have basicConstraints CA:TRUE');
  if (!cert.checkIssued(ca)) {
    throw new PkiError('NOT_SIGNED_BY_CA', 'the certificate names another issuer than the CA certificate');
  }
  if (!cert.verify(ca.publicKey)) {
    throw new PkiError('NOT_SIGNED_BY_CA', 'the certificate signature does not verify with the CA public key');
  }
}

/**
 * The certificate's validity at `ms` (a Clock reading). Both bounds are inclusive, as in
 * RFC 5280 §4.1.2.5: at exactly notAfter the certificate is still valid.
 */
export function validityAt(certPem: string, ms: number): Validity {
  const { notBefore, notAfter } = parseCertificate(certPem);
  if (ms < notBefore) return 'not-yet-valid';
  return ms > notAfter ? 'expired' : 'valid';
}

function x509(pem: string, what: string): X509Certificate {
  const { der } = readPem(pem, 'CERTIFICATE');
  return wrapPki('BAD_CERTIFICATE', `${what} is not an X.509 certificate`, () => new X509Certificate(der));
}
