/**
 * Who is on the other end of a TLS connection, judged on the injected Clock once the handshake is
 * done. The handshake inspector has already refused, with a TLS alert, a chain that fails
 * (certificate-verdict.ts); the same judgement runs here again, on the chain OpenSSL linked, as
 * defence in depth: the chain must lead to a trusted CA by signature, every certificate on it
 * must be valid at `clock.now()`, the client certificate must carry Extended Key Usage
 * clientAuth, and its subject CN is the client's identity (the owner of its objects). OpenSSL's
 * own verdict is not read: the TLS socket is built over the inspector, not by a tls.Server, and
 * Node only records that verdict for a tls.Server's sockets.
 */
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate as NodePeerCertificate, TLSSocket } from 'node:tls';
import { parseCertificateBundle, presentedChain } from '@ekmsim/pki';
import { chainFault, NO_CERTIFICATE } from './certificate-verdict.js';

/** The client certificate a connection presented, as the vendor checks read it. */
export interface PeerCertificate {
  /** Subject CN: the client's identity, owner of its objects. */
  readonly commonName: string;
  /** Subject OU values, in order (Element's default is SolidFire). */
  readonly organizationalUnits: readonly string[];
  /** SHA-256 of the DER, `AB:CD:…` (as `openssl x509 -fingerprint -sha256` prints it). */
  readonly fingerprint: string;
  readonly der: Uint8Array;
}

export type PeerVerdict = { readonly ok: true; readonly client: string; readonly certificate: PeerCertificate } | { readonly ok: false; readonly reason: string };

/** Parses every certificate of a PEM bundle (the trusted CAs). */
export function parseCertificates(pem: string): X509Certificate[] {
  return parseCertificateBundle(pem);
}

/** A subject field's values (Node gives one value as a string, several as an array). */
function subjectValues(certificate: NodePeerCertificate, field: 'CN' | 'OU'): string[] {
  const raw: unknown = certificate.subject[field];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** The client certificate as the vendor checks read it; its commonName is undefined without a subject CN. */
export function describeLeaf(leaf: X509Certificate): Omit<PeerCertificate, 'commonName'> & { readonly commonName: string | undefined } {
  const legacy = leaf.toLegacyObject();
  return { commonName: subjectValues(legacy, 'CN')[0], organizationalUnits: subjectValues(legacy, 'OU'), fingerprint: leaf.fingerprint256, der: new Uint8Array(leaf.raw) };
}

export function verifyPeer(socket: TLSSocket, anchors: readonly X509Certificate[], now: number): PeerVerdict {
  const detailed = socket.getPeerCertificate(true);
  if (detailed.raw === undefined) return { ok: false, reason: NO_CERTIFICATE.reason };
  const chain = presentedChain(detailed);
  const fault = chainFault(chain, anchors, now);
  if (fault !== undefined) return { ok: false, reason: fault.reason };
  const { commonName, ...rest } = describeLeaf(chain[0]!);
  if (commonName === undefined) return { ok: false, reason: 'the client certificate has no subject CN' };
  return { ok: true, client: commonName, certificate: { commonName, ...rest } };
}
