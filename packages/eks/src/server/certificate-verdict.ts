/**
 * What is wrong with the certificate chain a client presents, judged on the injected Clock, and
 * the fatal alert an OpenSSL 3 server sends for the same fault (its ssl_x509err2alert table,
 * checked against `openssl s_server -tls1_2 -Verify 2 -verify_return_error`):
 *
 * | fault                                                      | alert                   |
 * |------------------------------------------------------------|-------------------------|
 * | no certificate (an empty list)                              | handshake failure (40)  |
 * | not issued by a trusted CA (by signature), chain too long   | unknown ca (48)         |
 * | a certificate of the chain expired                          | certificate expired (45)|
 * | a certificate of the chain not valid yet                    | bad certificate (42)    |
 * | EKU without clientAuth (OpenSSL: unsuitable purpose); also  | unsupported certificate |
 * |   no EKU at all, which OpenSSL lets through and ekmsim not  |   (43)                  |
 * | revoked by the key server's administrator                   | certificate revoked (44)|
 *
 * The handshake inspector refuses these with the alert; verifyPeer judges the chain again once
 * the handshake is done (defence in depth) and refuses by closing.
 */
import type { X509Certificate } from 'node:crypto';
import { certificateFromDer, chainProblemAt, type ChainProblem } from '@ekmsim/pki';
import type { TlsAlertName } from './tls-alert.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export interface CertificateFault {
  readonly alert: TlsAlertName;
  /** Why, for the `client refused: …` log line. */
  readonly reason: string;
}

export const NO_CERTIFICATE: CertificateFault = { alert: 'handshake failure', reason: 'the client sent no certificate' };

const CHAIN_ALERT: Record<ChainProblem['kind'], TlsAlertName> = {
  untrusted: 'unknown ca',
  'too-long': 'unknown ca',
  expired: 'certificate expired',
  'not-yet-valid': 'bad certificate',
};

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

/** The fault of `chain` (leaf first) at `now`, or undefined if it leads to a trusted CA and suits a client. */
export function chainFault(chain: readonly X509Certificate[], anchors: readonly X509Certificate[], now: number): CertificateFault | undefined {
  const leaf = chain[0];
  if (leaf === undefined) return NO_CERTIFICATE;
  const problem = chainProblemAt(chain, anchors, now);
  if (problem !== undefined) return { alert: CHAIN_ALERT[problem.kind], reason: describe(problem) };
  if (!(leaf.keyUsage ?? []).includes(CLIENT_AUTH)) return { alert: 'unsupported certificate', reason: 'the client certificate lacks Extended Key Usage clientAuth' };
  return undefined;
}

/** The certificates of a TLS Certificate message; undefined if one is not X.509 (OpenSSL refuses that itself). */
export function readCertificates(ders: readonly Uint8Array[]): X509Certificate[] | undefined {
  try {
    return ders.map((der) => certificateFromDer(der));
  } catch {
    return undefined;
  }
}
