import { KmipTransportError, transportErrorFrom, type TlsAlert, type TransportErrorKind } from '@ekmsim/kmip-client';
import { describe, expect, it } from 'vitest';

interface Row {
  readonly code: string;
  readonly message: string;
  readonly kind: TransportErrorKind;
  readonly alert?: TlsAlert;
  readonly alertFrom?: 'peer' | 'local';
}

/** Errors as Node 20 / OpenSSL 3 report them, and what they mean to a KMIP client. */
const ROWS: readonly Row[] = [
  { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5696', kind: 'refused' },
  { code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH 10.0.0.9:5696', kind: 'refused' },
  { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND kmip.invalid', kind: 'lookup' },
  { code: 'EAI_AGAIN', message: 'getaddrinfo EAI_AGAIN kmip.example', kind: 'lookup' },
  { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 10.0.0.9:5696', kind: 'timeout' },
  { code: 'ECONNRESET', message: 'read ECONNRESET', kind: 'closed' },
  { code: 'EPIPE', message: 'write EPIPE', kind: 'closed' },
  { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate', kind: 'tls', alert: 'unknown ca', alertFrom: 'local' },
  { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain', kind: 'tls', alert: 'unknown ca', alertFrom: 'local' },
  { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate', kind: 'tls', alert: 'unknown ca', alertFrom: 'local' },
  { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired', kind: 'tls', alert: 'certificate expired', alertFrom: 'local' },
  { code: 'CERT_NOT_YET_VALID', message: 'certificate is not yet valid', kind: 'tls', alert: 'bad certificate', alertFrom: 'local' },
  { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames", kind: 'tls', alert: 'bad certificate', alertFrom: 'local' },
  { code: 'INVALID_PURPOSE', message: 'unsupported certificate purpose', kind: 'tls', alert: 'unsupported certificate', alertFrom: 'local' },
  { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', message: 'tlsv1 alert unknown ca', kind: 'tls', alert: 'unknown ca', alertFrom: 'peer' },
  { code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', message: 'sslv3 alert bad certificate', kind: 'tls', alert: 'bad certificate', alertFrom: 'peer' },
  { code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', message: 'sslv3 alert certificate expired', kind: 'tls', alert: 'certificate expired', alertFrom: 'peer' },
  { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', message: 'sslv3 alert handshake failure', kind: 'tls', alert: 'handshake failure', alertFrom: 'peer' },
  { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'tlsv1 alert protocol version', kind: 'tls', alert: 'protocol version', alertFrom: 'peer' },
  { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'tlsv13 alert certificate required', kind: 'tls', alert: 'certificate required', alertFrom: 'peer' },
  { code: 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED', message: 'tlsv1 alert access denied', kind: 'tls', alert: 'access denied', alertFrom: 'peer' },
  {
    code: 'EPROTO',
    message: 'write EPROTO 40E7:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../ssl/record/rec_layer_s3.c:1605:SSL alert number 48',
    kind: 'tls',
    alert: 'unknown ca',
    alertFrom: 'peer',
  },
  { code: 'EPROTO', message: 'error:0A000410:SSL routines::SSL alert number 45', kind: 'tls', alert: 'certificate expired', alertFrom: 'peer' },
  { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number', kind: 'tls', alert: 'protocol version', alertFrom: 'local' },
  { code: 'ERR_SSL_NO_SHARED_CIPHER', message: 'no shared cipher', kind: 'tls', alert: 'handshake failure', alertFrom: 'local' },
  { code: 'ERR_SSL_PACKET_LENGTH_TOO_LONG', message: 'packet length too long', kind: 'tls' },
];

describe('transportErrorFrom', () => {
  it.each(ROWS)('$code → $kind $alert', (row) => {
    const cause = Object.assign(new Error(row.message), { code: row.code });
    const e = transportErrorFrom(cause, 'kmip.example:5696');
    expect(e).toBeInstanceOf(KmipTransportError);
    expect(e).toMatchObject({ kind: row.kind, code: row.kind, alert: row.alert, alertFrom: row.alertFrom, server: 'kmip.example:5696', requestSent: false });
    expect(e.cause).toBe(cause);
    expect(e.message.startsWith('kmip.example:5696: ')).toBe(true);
    expect(e.message).toContain(row.code);
  });

  it('an unknown error is a closed connection, kept as cause', () => {
    const e = transportErrorFrom('boom');
    expect(e).toMatchObject({ kind: 'closed', server: undefined, cause: 'boom' });
  });

  it('a KmipTransportError passes through, gaining the server when it names none', () => {
    const original = new KmipTransportError('timeout', 'no answer', { requestSent: true });
    const e = transportErrorFrom(original, 'a:1');
    expect(e).toMatchObject({ kind: 'timeout', server: 'a:1', requestSent: true, message: 'a:1: no answer' });
    expect(transportErrorFrom(e, 'b:2')).toBe(e);
  });
});
