/**
 * Node and OpenSSL failures → KmipTransportError. Node reports socket failures by errno code
 * (`ECONNREFUSED`), certificate verification by OpenSSL's X509_V_ERR name without the prefix
 * (`CERT_HAS_EXPIRED`), its own identity check as `ERR_TLS_CERT_ALTNAME_INVALID`, and an alert
 * received from the peer as `ERR_SSL_TLSV1_ALERT_UNKNOWN_CA` (or, on some paths, `EPROTO` with
 * OpenSSL's text: `…:tlsv1 alert unknown ca:…SSL alert number 48`).
 */
import { KmipTransportError, TLS_ALERTS, type TlsAlert, type TransportErrorKind } from './errors.js';

const SOCKET_CODES = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  EHOSTDOWN: 'refused',
  EADDRNOTAVAIL: 'refused',
  ENOTFOUND: 'lookup',
  EAI_AGAIN: 'lookup',
  EAI_FAIL: 'lookup',
  EAI_NONAME: 'lookup',
  EAI_NODATA: 'lookup',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'closed',
  ECONNABORTED: 'closed',
  EPIPE: 'closed',
  ERR_STREAM_DESTROYED: 'closed',
  ERR_STREAM_WRITE_AFTER_END: 'closed',
  ERR_SOCKET_CLOSED: 'closed',
} as const satisfies Record<string, TransportErrorKind>;

/**
 * Verification failures on this side, with the alert OpenSSL sends for each
 * (`ssl_x509err2alert` in ssl/statem/statem_lib.c); Node's own host name check counts as
 * X509_V_ERR_HOSTNAME_MISMATCH.
 */
const VERIFY_CODES = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown ca',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown ca',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown ca',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'unknown ca',
  CERT_CHAIN_TOO_LONG: 'unknown ca',
  INVALID_CA: 'unknown ca',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'bad certificate',
  CERT_REVOKED: 'certificate revoked',
  CERT_SIGNATURE_FAILURE: 'decrypt error',
  CERT_UNTRUSTED: 'bad certificate',
  CERT_REJECTED: 'bad certificate',
  INVALID_PURPOSE: 'unsupported certificate',
  HOSTNAME_MISMATCH: 'bad certificate',
  IP_ADDRESS_MISMATCH: 'bad certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'bad certificate',
  ERR_TLS_CERT_ALTNAME_FORMAT: 'bad certificate',
} as const satisfies Record<string, TlsAlert>;

/** Handshake failures detected locally that are not certificate checks. */
const SSL_CODES = {
  ERR_SSL_WRONG_VERSION_NUMBER: 'protocol version',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'protocol version',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'protocol version',
  ERR_SSL_NO_SHARED_CIPHER: 'handshake failure',
  ERR_SSL_NO_CIPHERS_AVAILABLE: 'handshake failure',
  ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM: 'handshake failure',
  ERR_SSL_CERTIFICATE_VERIFY_FAILED: 'bad certificate',
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: 'certificate required',
} as const satisfies Record<string, TlsAlert>;

const ALERT_NAMES = new Set<string>(Object.values(TLS_ALERTS));
const ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/;
const ALERT_TEXT = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+?)(?::|$)/;
const ALERT_NUMBER = /SSL alert number (\d+)/;

const has = <T extends object>(table: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(table, key);

function alertNamed(text: string | undefined): TlsAlert | undefined {
  return text !== undefined && ALERT_NAMES.has(text) ? (text as TlsAlert) : undefined;
}

/** The alert a peer sent, read from the error code or OpenSSL's text. */
function peerAlert(code: string, message: string): TlsAlert | undefined {
  const byCode = ALERT_CODE.exec(code)?.[1]?.toLowerCase().replaceAll('_', ' ');
  if (byCode !== undefined) return alertNamed(byCode);
  const byText = alertNamed(ALERT_TEXT.exec(message)?.[1]);
  if (byText !== undefined) return byText;
  const number = ALERT_NUMBER.exec(message)?.[1];
  return number === undefined ? undefined : (TLS_ALERTS as Record<string, TlsAlert | undefined>)[number];
}

/** The alert a peer sent, when `error` is a Node TLS error reporting one. */
export function peerAlertIn(error: Error): TlsAlert | undefined {
  return peerAlert(String((error as NodeJS.ErrnoException).code ?? ''), error.message);
}

function describe(kind: TransportErrorKind, alert: TlsAlert | undefined, detail: string): string {
  switch (kind) {
    case 'lookup':
      return `host name lookup failed (${detail})`;
    case 'refused':
      return `connection refused (${detail})`;
    case 'timeout':
      return `timed out (${detail})`;
    case 'closed':
      return `connection closed (${detail})`;
    case 'tls':
      return alert === undefined ? `TLS failure (${detail})` : `TLS ${alert} (${detail})`;
    case 'protocol':
      return `protocol error (${detail})`;
  }
}

/**
 * Maps any error thrown or emitted while dialing or talking to a server; a KmipTransportError is
 * returned as is, only given the server when it names none. The original is kept as `cause`; the message names the server and the code.
 */
export function transportErrorFrom(error: unknown, server?: string): KmipTransportError {
  if (error instanceof KmipTransportError) {
    if (server === undefined || error.server !== undefined) return error;
    return new KmipTransportError(error.kind, `${server}: ${error.message}`, { ...error.options, server });
  }
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : '';
  const message = error instanceof Error ? error.message : String(error);
  let kind: TransportErrorKind = 'closed';
  let alert: TlsAlert | undefined;
  let alertFrom: 'peer' | 'local' | undefined;
  if (has(SOCKET_CODES, code)) kind = SOCKET_CODES[code];
  else if (has(VERIFY_CODES, code)) [kind, alert, alertFrom] = ['tls', VERIFY_CODES[code], 'local'];
  else if (has(SSL_CODES, code)) [kind, alert, alertFrom] = ['tls', SSL_CODES[code], 'local'];
  else if (ALERT_CODE.test(code) || ALERT_TEXT.test(message) || ALERT_NUMBER.test(message)) {
    [kind, alert, alertFrom] = ['tls', peerAlert(code, message), 'peer'];
  } else if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code.startsWith('ERR_TLS_')) kind = 'tls';
  const detail = code === '' ? message : `${code}: ${message}`;
  const text = describe(kind, alert, detail);
  return new KmipTransportError(kind, server === undefined ? text : `${server}: ${text}`, { cause: error, alert, alertFrom, server });
}
