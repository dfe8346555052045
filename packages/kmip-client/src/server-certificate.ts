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
import { chainProblemAt, parseCertificateBundle, presentedChain, type ChainProblem } from '@ekmsim/pki';

/** OpenSSL's verdicts about validity periods: decided on the host clock, so set aside. */
const HOST_CLOCK_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

export interface ServerCertificateCheck {
  /** The host name (or address) the certificate must name: the one dialed. */
  readonly identity: string;
  /** The configured trust anchors. */
  readonly cas: readonly X509Certificate[];
  readonly nowMs: number;
}

/** Parses every certificate of the PEM texts (a CA bundle may hold several). */
export function parseCaCertificates(pems: string | readonly string[]): X509Certificate[] {
  return parseCertificateBundle(pems);
}

/** Why the server's certificate is not acceptable at `nowMs`, or undefined when it is. */
export function serverCertificateProblem(socket: tls.TLSSocket, check: ServerCertificateCheck): Error | undefined {
  if (!socket.authorized) {
    const code = String(socket.authorizationError);
    if (!HOST_CLOCK_CODES.has(code)) return coded(code, `certificate verify failed: ${code}`);
  }
  return presentedCertificateProblem(socket, check) ?? (socket.getPeerCertificate(true).raw === undefined ? coded('CERT_UNTRUSTED', 'certificate verify failed: the server sent no certificate') : undefined);
}

/**
 * Our own checks of the certificate the server presented (chain to a configured CA, validity on
 * the clock, the name dialed), usable before the handshake is over; undefined when it passes or
 * no certificate was received.
 */
export function presentedCertificateProblem(socket: tls.TLSSocket, check: ServerCertificateCheck): Error | undefined {
  const detailed = socket.getPeerCertificate(true);
  if (detailed.raw === undefined) return undefined;
  const problem = chainProblemAt(presentedChain(detailed), check.cas, check.nowMs);
  if (problem !== undefined) return asOpenSslError(problem, check.nowMs);
  return tls.checkServerIdentity(check.identity, detailed);
}

/** OpenSSL's code and words for a chain that does not hold at `nowMs`. */
function asOpenSslError(problem: ChainProblem, nowMs: number): Error {
  if (!('certificate' in problem)) {
    return coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'certificate verify failed: unable to verify the first certificate (no configured CA issued it)');
  }
  const cert = problem.certificate;
  const who = cert.subject.replace(/\n/g, ', ');
  const at = new Date(nowMs).toISOString();
  return problem.kind === 'expired'
    ? coded('CERT_HAS_EXPIRED', `certificate verify failed: certificate has expired (${who}, not after ${cert.validTo}; clock ${at})`)
    : coded('CERT_NOT_YET_VALID', `certificate verify failed: certificate is not yet valid (${who}, not before ${cert.validFrom}; clock ${at})`);
}

function coded(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
