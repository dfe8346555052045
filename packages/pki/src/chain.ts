/**
 * Judging the certificate chain a TLS peer presented on an injected clock, rather than on the
 * OS clock OpenSSL uses: from the leaf, by signature, to one of the trusted anchors, every
 * certificate on the way (the anchor included) valid at `nowMs`. Both ends of the simulation's
 * connections use it: the key server for client certificates, the KMIP client for servers'. Each
 * caller words the problem in its own terms (a KMIP server's reason, an OpenSSL-style code).
 */
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';

/** Longer chains are refused unread. */
export const MAX_CHAIN = 8;

/** Certificates read from their bytes, the most recent few dozen remembered. */
const REMEMBERED = 64;
const read = new Map<string, X509Certificate>();

/**
 * The certificate these DER bytes encode; throws if they are not one. Peers present the same few
 * certificates at every handshake (a cluster's, a key server's), so each is parsed once.
 */
export function certificateFromDer(der: Uint8Array): X509Certificate {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const known = read.get(key);
  if (known !== undefined) return known;
  const certificate = new X509Certificate(der);
  if (read.size >= REMEMBERED) read.delete(read.keys().next().value as string);
  read.set(key, certificate);
  return certificate;
}

export type ChainProblem =
  | { readonly kind: 'expired' | 'not-yet-valid'; readonly certificate: X509Certificate }
  | { readonly kind: 'untrusted' | 'too-long' };

/** Every certificate of a PEM bundle (a CA bundle may hold several); anything else is ignored. */
export function parseCertificateBundle(pems: string | readonly string[]): X509Certificate[] {
  const text = typeof pems === 'string' ? pems : pems.join('\n');
  return (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((block) => new X509Certificate(block));
}

/** The certificates a TLS peer presented, leaf first, as OpenSSL linked them. */
export function presentedChain(detailed: DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  let c: DetailedPeerCertificate | undefined = detailed;
  while (c?.raw !== undefined && out.length < MAX_CHAIN) {
    out.push(certificateFromDer(c.raw));
    if (c.issuerCertificate === undefined || c.issuerCertificate === c) break;
    c = c.issuerCertificate;
  }
  return out;
}

/** Why `chain` does not lead to a trusted anchor at `nowMs`, or undefined when it does. */
export function chainProblemAt(chain: readonly X509Certificate[], anchors: readonly X509Certificate[], nowMs: number): ChainProblem | undefined {
  let current = chain[0];
  for (let depth = 0; current !== undefined && depth < MAX_CHAIN; depth++) {
    const invalid = validityProblem(current, nowMs);
    if (invalid !== undefined) return invalid;
    const here: X509Certificate = current;
    const anchor = anchors.find((a) => issuedBy(here, a));
    if (anchor !== undefined) return validityProblem(anchor, nowMs);
    current = chain.find((c) => c !== here && c.ca && issuedBy(here, c));
  }
  return current === undefined ? { kind: 'untrusted' } : { kind: 'too-long' };
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

function validityProblem(certificate: X509Certificate, nowMs: number): ChainProblem | undefined {
  if (nowMs > Date.parse(certificate.validTo)) return { kind: 'expired', certificate };
  if (nowMs < Date.parse(certificate.validFrom)) return { kind: 'not-yet-valid', certificate };
  return undefined;
}
