/**
 * Who is on the other end of a TLS connection, judged on the injected Clock. OpenSSL verifies the
 * chain during the handshake (`rejectUnauthorized: false`, so it records instead of refusing);
 * its verdict is kept except for the validity-period errors, which it judged on the OS clock.
 * Then, on our side: the chain must lead to a trusted CA by signature, every certificate on it
 * must be valid at `clock.now()`, the client certificate must carry Extended Key Usage clientAuth,
 * and its subject CN is the client's identity (the owner of its objects).
 */
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { chainProblemAt, parseCertificateBundle, presentedChain, type ChainProblem } from '@ekmsim/pki';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const OS_CLOCK_ERRORS = new Set(['CERT_NOT_YET_VALID', 'CERT_HAS_EXPIRED']);

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

function describe(problem: ChainProblem): string {
  switch (problem.kind) {
    case 'expired':
      return `certificate ${problem.certificate.subject.replace(/\n/g, ', ')} expired at ${problem.certificate.validTo}`;
    case 'not-yet-valid':
      return `certificate ${problem.certificate.subject.replace(/\n/g, ', ')} is not valid before ${problem.certificate.validFrom}`;
    case 'untrusted':
      return 'the client certificate is not issued by a trusted CA';
    case 'too-long':
      return 'the client certificate chain is too long';
  }
}

/** A subject field's values (Node gives one value as a string, several as an array). */
function subjectValues(detailed: DetailedPeerCertificate, field: 'CN' | 'OU'): string[] {
  const raw: unknown = detailed.subject[field];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

export function verifyPeer(socket: TLSSocket, anchors: readonly X509Certificate[], now: number): PeerVerdict {
  const detailed = socket.getPeerCertificate(true);
  if (detailed.raw === undefined) return { ok: false, reason: 'the client sent no certificate' };
  if (!socket.authorized) {
    const code = String(socket.authorizationError);
    if (!OS_CLOCK_ERRORS.has(code)) return { ok: false, reason: `client certificate verification failed: ${code}` };
  }
  const chain = presentedChain(detailed);
  const problem = chainProblemAt(chain, anchors, now);
  if (problem !== undefined) return { ok: false, reason: describe(problem) };
  if (!(chain[0]!.keyUsage ?? []).includes(CLIENT_AUTH)) return { ok: false, reason: 'the client certificate lacks Extended Key Usage clientAuth' };
  const client = subjectValues(detailed, 'CN')[0];
  if (client === undefined) return { ok: false, reason: 'the client certificate has no subject CN' };
  const leaf = chain[0]!;
  return {
    ok: true,
    client,
    certificate: { commonName: client, organizationalUnits: subjectValues(detailed, 'OU'), fingerprint: leaf.fingerprint256, der: new Uint8Array(leaf.raw) },
  };
}
