/**
 * The TLS adapter: mutually authenticated TLS (KMIP 1.2+ "TLS 1.2" authentication suite) from
 * node:tls to a `Transport`. Dialing goes through a `Dialer` so the simulator can route host
 * names to loopback ports and inject network faults; the server's identity is always checked
 * against the host name that was dialed, whatever address the dialer really connects to. The
 * server's certificate is judged on the injected Clock (server-certificate.ts), not on OpenSSL's
 * host-clock verdict, so a certificate that expired in simulated time fails as a really expired
 * one does.
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { Clock } from '@ekmsim/core';
import { peerAlertIn, transportErrorFrom } from './error-mapping.js';
import { KmipTransportError } from './errors.js';
import { presentedCertificateProblem, serverCertificateProblem, type ServerCertificateCheck } from './server-certificate.js';
import { secureContextFor, trustedCas } from './tls-material.js';
import type { Transport, TransportSink } from './transport.js';

export interface TlsConnectOptions {
  readonly host: string;
  readonly port: number;
  /** The name the server certificate must carry (default `host`); sent as SNI unless an IP address. */
  readonly servername?: string;
  /** Trusted CA certificate(s), PEM. */
  readonly ca: string | readonly string[];
  /** This client's certificate (chain) and private key, PEM. */
  readonly cert: string;
  readonly key: string;
  /** Default TLSv1.2: KMIP forbids TLS 1.0 and 1.1. */
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
  readonly ciphers?: string;
  /** Source address to dial from (a node's own loopback address in the simulation). */
  readonly localAddress?: string;
  /** Time allowed for TCP connect plus handshake, on `clock`. */
  readonly timeoutMs: number;
  /** Certificates are judged valid or expired at this clock's `now`. */
  readonly clock: Clock;
}

/** Opens a TLS socket with node:tls options; may route `host`/`port`, fail, or delay. */
export type Dialer = (options: tls.ConnectionOptions) => tls.TLSSocket | Promise<tls.TLSSocket>;

export const nodeTlsDialer: Dialer = (options) => tls.connect(options);

export interface KmipTlsCredentials {
  /** CA certificate(s) that sign the server's certificate, PEM. */
  readonly caPem: string | readonly string[];
  readonly certPem: string;
  readonly keyPem: string;
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

/** What KmipClient dials with: each server of the list, the same credentials. */
export function tlsConnector(
  creds: KmipTlsCredentials | undefined,
  o: { readonly clock: Clock; readonly connectTimeoutMs: number; readonly localAddress?: string; readonly dialer?: Dialer },
): (server: { readonly host: string; readonly port: number }) => Promise<Transport> {
  if (creds === undefined) throw new TypeError('KmipClient needs `tls` credentials (or a `connect` function)');
  const { caPem, certPem, keyPem, ...rest } = creds;
  return (server) =>
    connectTls(
      {
        ...rest,
        host: server.host,
        port: server.port,
        ca: caPem,
        cert: certPem,
        key: keyPem,
        clock: o.clock,
        timeoutMs: o.connectTimeoutMs,
        ...(o.localAddress === undefined ? {} : { localAddress: o.localAddress }),
      },
      o.dialer,
    );
}

export function connectTls(options: TlsConnectOptions, dialer: Dialer = nodeTlsDialer): Promise<Transport> {
  const peer = `${options.host}:${options.port}`;
  const identity = options.servername ?? options.host;
  const clock = options.clock;
  let cas: X509Certificate[];
  try {
    cas = trustedCas(options.ca);
  } catch (cause) {
    return Promise.reject(new KmipTransportError('tls', `${peer}: the configured CA certificate cannot be read`, { cause, server: peer }));
  }
  // The CA bundle, certificate and key go in as a secure context read once per credentials
  // (tls-material.ts); made in the dialing step, so a bad key fails the connection as before.
  const connectOptions = (): tls.ConnectionOptions => ({
    host: options.host,
    port: options.port,
    secureContext: secureContextFor({ ...options, minVersion: options.minVersion ?? 'TLSv1.2' }),
    // OpenSSL judges validity on the host clock: it records its verdict, and `secureConnect`
    // decides on the simulation clock (serverCertificateProblem), identity check included.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    // RFC 6066 forbids an IP address as SNI (Node warns, DEP0123).
    ...(isIP(identity) === 0 ? { servername: identity } : {}),
    ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
  });

  return new Promise((resolve, reject) => {
    let socket: tls.TLSSocket | undefined;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      const connected = socket !== undefined && !socket.connecting;
      socket?.destroy();
      reject(handshakeError(transportErrorFrom(error, peer), connected));
    };
    const timer = clock.setTimeout(
      () => fail(new KmipTransportError('timeout', `${peer}: no TLS session within ${options.timeoutMs} ms`, { server: peer })),
      options.timeoutMs,
    );
    Promise.resolve()
      .then(() => dialer(connectOptions()))
      .then((s) => {
        if (settled) {
          s.destroy();
          return;
        }
        socket = s;
        // Request/response traffic: each request is one write that must leave at once (no Nagle).
        s.setNoDelay(true);
        s.on('error', (e: Error) => fail(serverProblemFirst(s, e, { identity, cas, nowMs: clock.now() })));
        s.once('secureConnect', () => {
          if (settled) return;
          const problem = serverCertificateProblem(s, { identity, cas, nowMs: clock.now() });
          if (problem !== undefined) {
            fail(problem);
            return;
          }
          settled = true;
          clock.clearTimeout(timer);
          s.off('error', fail);
          resolve(socketTransport(s, peer));
        });
      }, fail);
  });
}

/**
 * The server's alert about our certificate comes after the server's own certificate. An OpenSSL
 * client that verifies as the handshake goes (Element's) stops at a server certificate it does
 * not trust, before it sends its own, and reports that; node:tls judges the server only once the
 * handshake is over. So when the server refused us but its certificate, already received, fails
 * our checks too, that failure is the one reported: the order Element would see.
 */
function serverProblemFirst(socket: tls.TLSSocket, error: Error, check: ServerCertificateCheck): Error {
  if (peerAlertIn(error) === undefined) return error;
  return presentedCertificateProblem(socket, check) ?? error;
}

/**
 * A connection that ends during the handshake is a TLS failure, not a lost connection: servers
 * that reject the client certificate without an alert (node:tls does so) just drop it.
 */
function handshakeError(error: KmipTransportError, tcpConnected: boolean): KmipTransportError {
  if (error.kind !== 'closed' || !tcpConnected) return error;
  return new KmipTransportError('tls', `${error.server}: TLS handshake interrupted (${(error.cause as Error | undefined)?.message ?? error.message})`, error.options);
}

/** Wraps an established TLS socket. Errors are held until `close` so the sink sees why. */
function socketTransport(socket: tls.TLSSocket, peer: string): Transport {
  let sink: TransportSink | undefined;
  let error: KmipTransportError | undefined;
  let closed = false;
  socket.on('error', (e) => {
    error ??= transportErrorFrom(e, peer);
  });
  socket.on('close', () => {
    closed = true;
    sink?.closed(error);
  });
  return {
    peer,
    start(s) {
      if (sink !== undefined) throw new Error('transport already started');
      sink = s;
      socket.on('data', (chunk: Uint8Array) => s.data(chunk));
      if (closed) s.closed(error);
    },
    write(bytes) {
      if (!socket.destroyed && socket.writable) socket.write(bytes);
    },
    close() {
      // close_notify and FIN, then release the socket whether or not the peer answers.
      if (socket.destroyed) return;
      socket.end(() => socket.destroy());
    },
  };
}
