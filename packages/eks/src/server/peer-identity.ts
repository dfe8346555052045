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

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const OS_CLOCK_ERRORS = new Set(['CERT_NOT_YET_VALID', 'CERT_HAS_EXPIRED']);
const MAX_CHAIN = 8;

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
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

function validAt(cert: X509Certificate, now: number): string | undefined {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (now < from) return `certificate ${cert.subject.replace(/\n/g, ', ')} is not valid before ${cert.validFrom}`;
  if (now > to) return `certificate ${cert.subject.replace(/\n/g, ', ')} expired at ${cert.validTo}`;
  return undefined;
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

/** The certificates the peer presented, leaf first (as OpenSSL linked them). */
function presentedChain(detailed: DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  let c: DetailedPeerCertificate | undefined = detailed;
  while (c?.raw !== undefined && out.length < MAX_CHAIN) {
    out.push(new X509Certificate(c.raw));
    if (c.issuerCertificate === undefined || c.issuerCertificate === c) break;
    c = c.issuerCertificate;
  }
  return out;
}

/** Walks from the leaf to a trusted CA by signature, checking every validity period on `now`. */
function chainProblem(chain: readonly X509Certificate[], anchors: readonly X509Certificate[], now: number): string | undefined {
  let current = chain[0]!;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const expired = validAt(current, now);
    if (expired !== undefined) return expired;
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor !== undefined) return validAt(anchor, now);
    const next = chain.find((c) => c !== current && c.ca && issuedBy(current, c));
    if (next === undefined) return 'the client certificate is not issued by a trusted CA';
    current = next;
  }
  return 'the client certificate chain is too long';
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
  const problem = chainProblem(chain, anchors, now);
  if (problem !== undefined) return { ok: false, reason: problem };
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
