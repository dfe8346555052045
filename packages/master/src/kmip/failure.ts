/**
 * What went wrong talking to a key server, in TR-4843 §10.2's words. The mapping:
 *
 * | cause                                                                  | exception               |
 * |------------------------------------------------------------------------|-------------------------|
 * | name lookup failure, connection refused, timeout                       | xKeyServerUnavailable   |
 * | the server rejects us: a TLS alert from the peer about our certificate | xKeyServerAuthFailed    |
 * |   (unknown ca, bad/unknown/expired/revoked certificate, …), the server |                         |
 * |   dropping the connection in or right after the handshake before any   |                         |
 * |   KMIP answer (how a node:tls server refuses), KMIP Authentication Not |                         |
 * |   Successful / Permission Denied                                       |                         |
 * | we reject the server or the handshake fails here: server certificate   | xKeyServerSslError      |
 * |   not trusted by kmipCaCertificate, host name not in its SAN, expired  |                         |
 * |   on the clock, handshake failure, protocol version                    |                         |
 * | our own key or certificate unusable (checked before dialing)           | xKeyServerInvalidAuth   |
 * | any other KMIP result, protocol error or unexpected throw              | xKeyServerFailed        |
 *
 * Each failure also carries the log lines Element would write: a `[KS]` line (with `KMIP_ERROR_IO`
 * for I/O failures) and `[OpenSSL]` lines in OpenSSL's words (TR-4843 §10.3): the specific error
 * first, then, for any failure before the TLS handshake finished, OpenSSL's generic
 * `SSL_shutdown:shutdown while in init`, which §10.3 calls the usual symptom of a more specific one.
 *
 * | cause                                   | [OpenSSL] lines                                            |
 * |-----------------------------------------|------------------------------------------------------------|
 * | host name does not resolve              | BIO_get_host_ip: bad hostname lookup; SSL_shutdown…        |
 * | nothing listens on the port             | BIO_connect:connect error: Connection refused; SSL_shutdown… |
 * | no answer (black hole)                  | BIO_connect:connect error: Connection timed out; SSL_shutdown… |
 * | the server does not trust our CA        | ssl3_read_bytes:tlsv1 alert unknown ca; SSL_shutdown…      |
 * | we do not trust the server's certificate | ssl3_get_server_certificate:certificate verify failed (…); SSL_shutdown… |
 * | the server hangs up mid-handshake       | ssl3_read_bytes: unexpected eof while reading; SSL_shutdown… |
 */
import { EkmsimError } from '@ekmsim/core';
import { KmipResultError, KmipTransportError, type TlsAlert } from '@ekmsim/kmip-client';
import { ElementErrorName } from '../element-error.js';

/** The server answered successfully, but not with what the cluster needs (e.g. no AES-256 key). */
export class UnusableAnswerError extends EkmsimError {
  constructor(message: string) {
    super('UNUSABLE_ANSWER', message);
  }
}

export type KeyServerFailureName =
  | typeof ElementErrorName.xKeyServerUnavailable
  | typeof ElementErrorName.xKeyServerAuthFailed
  | typeof ElementErrorName.xKeyServerSslError
  | typeof ElementErrorName.xKeyServerInvalidAuth
  | typeof ElementErrorName.xKeyServerFailed;

export interface KeyServerFailure {
  readonly name: KeyServerFailureName;
  /** What happened, for the exception message and the `[KS]` line (no key material). */
  readonly detail: string;
  /** OpenSSL error-stack entries for `[OpenSSL]` lines. */
  readonly openssl: readonly string[];
  /** True when the cause was not anticipated (a bug or an unknown library error): log it loudly. */
  readonly unexpected: boolean;
}

/** Alerts a server sends when it does not accept the client's certificate. */
const CLIENT_REJECTED: ReadonlySet<TlsAlert> = new Set<TlsAlert>([
  'bad certificate', 'unsupported certificate', 'certificate revoked', 'certificate expired', 'certificate unknown',
  'unknown ca', 'access denied', 'certificate required', 'decrypt error',
]);

/** Alerts this side raises while verifying the server's certificate. */
const SERVER_NOT_VERIFIED: ReadonlySet<TlsAlert> = new Set<TlsAlert>([
  'bad certificate', 'unsupported certificate', 'certificate revoked', 'certificate expired', 'unknown ca', 'decrypt error',
]);

/** Node codes for a peer that hung up. */
const HANG_UP = new Set(['ECONNRESET', 'EPIPE', 'ERR_SOCKET_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);

const AUTH_REASONS = new Set(['AuthenticationNotSuccessful', 'PermissionDenied']);

const PRIORITY: Record<KeyServerFailureName, number> = {
  xKeyServerUnavailable: 0,
  xKeyServerFailed: 1,
  xKeyServerSslError: 2,
  xKeyServerAuthFailed: 3,
  xKeyServerInvalidAuth: 4,
};

/** OpenSSL's generic line for a connection that ended before its handshake finished (TR-4843 §10.3). */
export const SHUTDOWN_IN_INIT = 'SSL_shutdown:shutdown while in init';

const fail = (name: KeyServerFailureName, detail: string, openssl: readonly string[] = [], unexpected = false): KeyServerFailure => ({
  name,
  detail,
  openssl,
  unexpected,
});

/**
 * Classifies a failure of a key-server exchange. `answered` says whether the server had already
 * answered a KMIP request on this connection: a close before that is a refusal of our identity.
 */
export function classifyFailure(error: unknown, answered: boolean): KeyServerFailure {
  if (error instanceof KmipResultError) {
    const name = AUTH_REASONS.has(error.reason) ? ElementErrorName.xKeyServerAuthFailed : ElementErrorName.xKeyServerFailed;
    return fail(name, `the key server answered ${error.status}/${error.reason}: ${error.resultMessage}`);
  }
  if (error instanceof UnusableAnswerError) return fail(ElementErrorName.xKeyServerFailed, error.message);
  if (!(error instanceof KmipTransportError)) {
    return fail(ElementErrorName.xKeyServerFailed, `unexpected failure: ${error instanceof Error ? error.message : String(error)}`, [], true);
  }
  if (error.attempts.length > 0) {
    // Every host name of a clustered server failed: report the most telling failure (a server
    // that was reached and refused says more than one that could not be reached).
    const each = error.attempts.map((a) => classifyFailure(a, answered));
    const worst = each.reduce((a, b) => (PRIORITY[b.name] > PRIORITY[a.name] ? b : a));
    return { ...worst, detail: `KMIP_ERROR_IO: ${error.message}`, openssl: each.flatMap((f) => f.openssl) };
  }
  const io = `KMIP_ERROR_IO: ${error.message}`;
  const causeCode = codeOf(error.cause);
  switch (error.kind) {
    case 'lookup':
      return fail(ElementErrorName.xKeyServerUnavailable, io, ['BIO_get_host_ip: bad hostname lookup', SHUTDOWN_IN_INIT]);
    case 'refused':
      return fail(ElementErrorName.xKeyServerUnavailable, io, ['BIO_connect:connect error: Connection refused', SHUTDOWN_IN_INIT]);
    case 'timeout':
      return fail(ElementErrorName.xKeyServerUnavailable, io, ['BIO_connect:connect error: Connection timed out', SHUTDOWN_IN_INIT]);
    case 'tls':
      return classifyTls(error, io, causeCode);
    case 'closed':
      if (causeCode.startsWith('ERR_OSSL_')) {
        // OpenSSL refused our own key or certificate before anything was sent.
        return fail(ElementErrorName.xKeyServerInvalidAuth, io, [`SSL_CTX_use_certificate: ${messageOf(error.cause)}`]);
      }
      if (!answered) {
        return fail(ElementErrorName.xKeyServerAuthFailed, `${io} (the key server closed the connection before answering: it did not accept the client certificate)`, [
          'ssl3_read_bytes: unexpected eof while reading',
        ]);
      }
      return fail(ElementErrorName.xKeyServerFailed, io, ['ssl3_read_bytes: unexpected eof while reading']);
    case 'protocol':
      return fail(ElementErrorName.xKeyServerFailed, `KMIP_ERROR_BAD_RESPONSE: ${error.message}`);
  }
}

/** Alerts SSL 3.0 already defined: OpenSSL's reason strings call them `sslv3 alert …`. */
const SSLV3_ALERTS: ReadonlySet<TlsAlert> = new Set<TlsAlert>([
  'close notify', 'unexpected message', 'bad record mac', 'handshake failure', 'bad certificate', 'unsupported certificate',
  'certificate revoked', 'certificate expired', 'certificate unknown', 'illegal parameter',
]);

/** How OpenSSL names a received alert in its error reason: `sslv3`, `tlsv13` (certificate required) or `tlsv1`. */
function alertPrefix(alert: TlsAlert | undefined): string {
  if (alert !== undefined && SSLV3_ALERTS.has(alert)) return 'sslv3';
  return alert === 'certificate required' ? 'tlsv13' : 'tlsv1';
}

function classifyTls(error: KmipTransportError, io: string, causeCode: string): KeyServerFailure {
  const alert = error.alert;
  if (error.alertFrom === 'peer') {
    const name = alert !== undefined && CLIENT_REJECTED.has(alert) ? ElementErrorName.xKeyServerAuthFailed : ElementErrorName.xKeyServerSslError;
    return fail(name, io, [`ssl3_read_bytes:${alertPrefix(alert)} alert ${alert ?? 'unknown'}`, SHUTDOWN_IN_INIT]);
  }
  if (error.alertFrom === 'local') {
    const why = messageOf(error.cause);
    const entry = alert !== undefined && SERVER_NOT_VERIFIED.has(alert)
      ? `ssl3_get_server_certificate:certificate verify failed (${why})`
      : `SSL_connect:${alert ?? 'handshake failure'} (${why})`;
    return fail(ElementErrorName.xKeyServerSslError, io, [entry, SHUTDOWN_IN_INIT]);
  }
  if (HANG_UP.has(causeCode)) {
    // No alert, the peer just hung up mid-handshake: a server that verifies client certificates
    // after the handshake (node:tls, so the mock key server) refusing ours.
    return fail(ElementErrorName.xKeyServerAuthFailed, `${io} (the key server ended the handshake: it did not accept the client certificate)`, [
      'ssl3_read_bytes: unexpected eof while reading',
      SHUTDOWN_IN_INIT,
    ]);
  }
  return fail(ElementErrorName.xKeyServerSslError, io, [`SSL_connect: ${messageOf(error.cause)}`, SHUTDOWN_IN_INIT]);
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'no detail';
}
