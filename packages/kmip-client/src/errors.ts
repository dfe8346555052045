import { EkmsimError } from '@ekmsim/core';

/**
 * Why a KMIP exchange failed below the protocol: the server could not be reached, did not answer
 * in time, refused the TLS session, or answered something that is not KMIP. What the server
 * *answered* (a failed Result Status) is a `KmipResultError` instead, re-exported from @ekmsim/kmip.
 */
export const TransportErrorKind = {
  /** The host name does not resolve. */
  lookup: 'lookup',
  /** Nothing listens there, or the network says the host is unreachable. */
  refused: 'refused',
  /** No TLS session or no response within the time allowed. */
  timeout: 'timeout',
  /** The connection ended (by either side) before the response arrived. */
  closed: 'closed',
  /** The TLS handshake or session failed: see `alert`. */
  tls: 'tls',
  /** The peer's bytes are not a KMIP response this client can read. */
  protocol: 'protocol',
} as const;
export type TransportErrorKind = (typeof TransportErrorKind)[keyof typeof TransportErrorKind];

/** TLS alert descriptions by number, spelled as OpenSSL prints them (RFC 8446 §6, RFC 5246 §7.2). */
export const TLS_ALERTS = {
  0: 'close notify',
  10: 'unexpected message',
  20: 'bad record mac',
  22: 'record overflow',
  40: 'handshake failure',
  42: 'bad certificate',
  43: 'unsupported certificate',
  44: 'certificate revoked',
  45: 'certificate expired',
  46: 'certificate unknown',
  47: 'illegal parameter',
  48: 'unknown ca',
  49: 'access denied',
  50: 'decode error',
  51: 'decrypt error',
  70: 'protocol version',
  71: 'insufficient security',
  80: 'internal error',
  86: 'inappropriate fallback',
  90: 'user canceled',
  109: 'missing extension',
  110: 'unsupported extension',
  112: 'unrecognized name',
  113: 'bad certificate status response',
  115: 'unknown psk identity',
  116: 'certificate required',
  120: 'no application protocol',
} as const;
export type TlsAlert = (typeof TLS_ALERTS)[keyof typeof TLS_ALERTS];

/** `peer`: the server sent the alert (it rejected us); `local`: this client rejected the server. */
export type TlsAlertSource = 'peer' | 'local';

export interface KmipTransportErrorOptions {
  readonly cause?: unknown;
  readonly alert?: TlsAlert | undefined;
  readonly alertFrom?: TlsAlertSource | undefined;
  /** `host:port` of the server concerned. */
  readonly server?: string | undefined;
  /** Whether the request had been written to the connection (it may have been executed). */
  readonly requestSent?: boolean;
  /** Every server's failure, when no server of the list could be reached. */
  readonly attempts?: readonly KmipTransportError[];
}

export class KmipTransportError extends EkmsimError {
  declare readonly code: TransportErrorKind;
  readonly kind: TransportErrorKind;
  readonly alert: TlsAlert | undefined;
  readonly alertFrom: TlsAlertSource | undefined;
  readonly server: string | undefined;
  readonly requestSent: boolean;
  readonly attempts: readonly KmipTransportError[];

  constructor(kind: TransportErrorKind, message: string, options: KmipTransportErrorOptions = {}) {
    super(kind, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.alert = options.alert;
    this.alertFrom = options.alertFrom;
    this.server = options.server;
    this.requestSent = options.requestSent ?? false;
    this.attempts = options.attempts ?? [];
  }

  /** The same failure as seen by one request, sent or not. */
  forRequest(requestSent: boolean): KmipTransportError {
    return new KmipTransportError(this.kind, this.message, { ...this.options, requestSent });
  }

  /** What this error was constructed with (its message aside). */
  get options(): KmipTransportErrorOptions {
    return { cause: this.cause, alert: this.alert, alertFrom: this.alertFrom, server: this.server, requestSent: this.requestSent, attempts: this.attempts };
  }
}
