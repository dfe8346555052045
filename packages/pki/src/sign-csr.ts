import type { Clock, Rng } from '@ekmsim/core';
import { PkiError } from './errors.js';
import { buildCertificate } from './builder.js';
import { loadCa, type CertAndKey } from './ca.js';
import { readCsr } from './csr.js';
import { leafExtensions, type CertificateUsage } from './extensions.js';
import { reusableAttributes, type ForgeNameAttribute } from './forge.js';
import { forgePublicKey } from './keys.js';
import { DEFAULT_VALIDITY_DAYS } from './validity.js';

export interface SignCsrOptions {
  readonly csrPem: string;
  readonly ca: CertAndKey;
  readonly clock: Clock;
  readonly rng: Rng;
  /** Lifetime in days; 365 by default (TR-4843 §7.2's example uses 3600). */
  readonly days?: number;
  /** `client` (default) for a KMIP client such as an Element cluster, `server` for a key server. */
  readonly usage?: CertificateUsage;
  /** SANs to put in a server certificate (the CSR's requested extensions are not copied). */
  readonly sans?: readonly string[];
}

/**
 * What a CA does with a CSR (TR-4843 §7.2: `openssl x509 -req -in cluster.csr.pem -CA … -sha256`
 * with the usual KMIP client extensions): checks the CSR's signature, copies its subject and
 * public key, and issues a certificate with CA:FALSE, digitalSignature + keyEncipherment,
 * EKU clientAuth (or serverAuth), SKI and AKI, signed with SHA-256.
 */
export function signCsr(options: SignCsrOptions): string {
  const { csr, publicKey } = readCsr(options.csrPem);
  if (csr.subject.attributes.length === 0) throw new PkiError('BAD_CSR', 'the CSR has an empty subject');
  const ca = loadCa(options.ca);
  const usage = options.usage ?? 'client';
  return buildCertificate({
    subject: reusableAttributes(csr.subject.attributes as ForgeNameAttribute[]),
    publicKey: forgePublicKey(publicKey),
    issuer: ca,
    extensions: leafExtensions(usage, options.sans ?? [], { keyId: ca.keyIdentifier }),
    days: options.days ?? DEFAULT_VALIDITY_DAYS[usage],
    clock: options.clock,
    rng: options.rng,
  });
}
