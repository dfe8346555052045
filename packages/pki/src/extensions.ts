import { isIP } from 'node:net';
import { PkiError } from './errors.js';

/** What a leaf certificate is for; it decides the extended key usage. */
export type CertificateUsage = 'server' | 'client';

/** forge extension descriptors; forge fills in the encodings. */
type Extension = Record<string, unknown>;

const DNS_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** A self-signed root: CA:TRUE (critical), keyCertSign + cRLSign (critical), SKI, AKI. */
export function caExtensions(): Extension[] {
  return [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: true },
  ];
}

/**
 * An end-entity certificate for TLS: CA:FALSE, digitalSignature + keyEncipherment (critical),
 * EKU serverAuth or clientAuth, SANs if any, SKI, and an AKI naming the issuer's key.
 * `issuer.keyId` is the issuer's subjectKeyIdentifier as a binary string, or `'self'` for a
 * self-signed certificate (forge then takes the certificate's own key identifier).
 */
export function leafExtensions(usage: CertificateUsage, sans: readonly string[], issuer: { readonly keyId: string } | 'self'): Extension[] {
  const exts: Extension[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', [usage === 'server' ? 'serverAuth' : 'clientAuth']: true },
  ];
  if (sans.length > 0) exts.push({ name: 'subjectAltName', altNames: sans.map(altName) });
  exts.push({ name: 'subjectKeyIdentifier' }, { name: 'authorityKeyIdentifier', keyIdentifier: issuer === 'self' ? true : issuer.keyId });
  return exts;
}

/** An IP address (v4 or v6) becomes an iPAddress SAN, anything else must be a DNS name. */
function altName(san: string): Record<string, unknown> {
  if (isIP(san) !== 0) return { type: 7, ip: san };
  if (san.length > 253 || !DNS_NAME.test(san)) {
    throw new PkiError('INVALID_ARGUMENT', `subject alternative name "${san}" is neither an IP address nor a DNS name`);
  }
  return { type: 2, value: san };
}
