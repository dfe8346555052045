import type { Clock, Rng } from '@ekmsim/core';
import { wrapPki } from './errors.js';
import { asn1ToBytes, forgeLib, type forge, sha256 } from './forge.js';
import { encodePem } from './pem.js';
import { randomSerialHex, validityWindow } from './validity.js';

/** Who signs: the issuer's name and private key (for a self-signed certificate, the subject's). */
export interface Issuer {
  readonly name: forge.pki.CertificateField[];
  readonly privateKey: forge.pki.rsa.PrivateKey;
}

export interface BuildOptions {
  readonly subject: forge.pki.CertificateField[];
  readonly publicKey: forge.pki.rsa.PublicKey;
  readonly issuer: Issuer;
  readonly extensions: Record<string, unknown>[];
  readonly days: number;
  readonly clock: Clock;
  readonly rng: Rng;
}

/** Builds, signs (SHA-256 with RSA) and PEM-encodes an X.509 v3 certificate. */
export function buildCertificate(o: BuildOptions): string {
  const { notBefore, notAfter } = validityWindow(o.clock, o.days);
  const cert = forgeLib().pki.createCertificate();
  cert.serialNumber = randomSerialHex(o.rng);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.publicKey = o.publicKey;
  return wrapPki('INVALID_ARGUMENT', 'the certificate could not be built from the given fields', () => {
    cert.setSubject(o.subject);
    cert.setIssuer(o.issuer.name);
    // Extensions last: forge derives the subjectKeyIdentifier from the public key set above.
    cert.setExtensions(o.extensions);
    cert.sign(o.issuer.privateKey, sha256());
    return encodePem('CERTIFICATE', asn1ToBytes(forgeLib().pki.certificateToAsn1(cert)));
  });
}
