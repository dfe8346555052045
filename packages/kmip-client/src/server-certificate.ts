/**
 * The client's verdict on the key server's certificate, judged on the injected Clock. The TLS
 * layer runs with `rejectUnauthorized: false`, so OpenSSL records its verdict instead of acting
 * on it; that verdict is kept except for the validity-period errors, which it judged on the host
 * clock. Then, here: the chain the server presented must lead by signature to one of the
 * configured CA certificates, every certificate on the way (the CA included) must be valid at
 * the clock's `now`, and the leaf must name the host that was dialed. A failure is an Error with
 * OpenSSL's code (`CERT_HAS_EXPIRED`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`…), so the error mapping
 * treats it exactly like OpenSSL's own.
 */
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';

/** OpenSSL's verdicts about validity periods: decided on the host clock, so set aside. */
const HOST_CLOCK_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const MAX_CHAIN = 8;

export interface ServerCertificateCheck {
  /** The host name (or address) the certificate must name: the one dialed. */
  readonly identity: string;
  /** The configured trust anchors. */
  readonly cas: readonly X509Certificate[];
  readonly nowMs: number;
}

/** Parses every certificate of the PEM texts (a CA bundle may hold several). */
export function parseCaCertificates(pems: string | readonly string[]): X509Certificate[] {
  const text = typeof pems === 'string' ? pems : pems.join('\n');
  return (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((block) => new X509Certificate(block));
}

/** Why the server's certificate is not acceptable at `nowMs`, or undefined when it is. */
export function serverCertificateProblem(socket: tls.TLSSocket, check: ServerCertificateCheck): Error | undefined {
  if (!socket.authorized) {
    const code = String(socket.authorizationError);
    if (!HOST_CLOCK_CODES.has(code)) return coded(code, `certificate verify failed: ${code}`);
  }
  const detailed = socket.getPeerCertificate(true);
  if (detailed.raw === undefined) return coded('CERT_UNTRUSTED', 'certificate verify failed: the server sent no certificate');
  const problem = chainProblem(presentedChain(detailed), check.cas, check.nowMs);
  if (problem !== undefined) return problem;
  return tls.checkServerIdentity(check.identity, detailed);
}

/** The certificates the server presented, leaf first. */
function presentedChain(detailed: tls.DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  let c: tls.DetailedPeerCertificate | undefined = detailed;
  while (c?.raw !== undefined && out.length < MAX_CHAIN) {
    out.push(new X509Certificate(c.raw));
    if (c.issuerCertificate === undefined || c.issuerCertificate === c) break;
    c = c.issuerCertificate;
  }
  return out;
}

/** Walks from the leaf to a configured CA by signature, judging every validity period at `nowMs`. */
function chainProblem(chain: readonly X509Certificate[], cas: readonly X509Certificate[], nowMs: number): Error | undefined {
  let current = chain[0];
  for (let depth = 0; current !== undefined && depth < MAX_CHAIN; depth++) {
    const invalid = validityProblem(current, nowMs);
    if (invalid !== undefined) return invalid;
    const here: X509Certificate = current;
    const anchor = cas.find((ca) => issuedBy(here, ca));
    if (anchor !== undefined) return validityProblem(anchor, nowMs);
    current = chain.find((c) => c !== here && c.ca && issuedBy(here, c));
  }
  return coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'certificate verify failed: unable to verify the first certificate (no configured CA issued it)');
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

function validityProblem(cert: X509Certificate, nowMs: number): Error | undefined {
  const who = cert.subject.replace(/\n/g, ', ');
  const at = new Date(nowMs).toISOString();
  if (nowMs > Date.parse(cert.validTo)) return coded('CERT_HAS_EXPIRED', `certificate verify failed: certificate has expired (${who}, not after ${cert.validTo}; clock ${at})`);
  if (nowMs < Date.parse(cert.validFrom)) return coded('CERT_NOT_YET_VALID', `certificate verify failed: certificate is not yet valid (${who}, not before ${cert.validFrom}; clock ${at})`);
  return undefined;
}

function coded(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
