/**
 * One client's TLS handshake: the handshake inspector over its TCP socket, node:tls's server side
 * over the inspector (a TLSSocket built on a Duplex, which node:tls documents for servers), and
 * a deadline on the injected Clock (node:tls's own handshakeTimeout, 120 s, belongs to tls.Server).
 * A handshake that fails is logged as `TLS handshake failed: …`, as tls.Server's tlsClientError
 * was; one the inspector refused is not (the refusal is logged with its reason where it is
 * judged), and its socket, ended after the alert, is destroyed when the client hangs up or
 * LINGER_MS later.
 */
import type { Clock, LogFields, Logger } from '@ekmsim/core';
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { CertificateFault } from './certificate-verdict.js';
import { HandshakeInspector } from './handshake-inspector.js';

const HANDSHAKE_TIMEOUT_MS = 120_000;
/** How long a refused client has to read its alert and hang up. */
const LINGER_MS = 5_000;

export interface HandshakeOptions {
  readonly secureContext: SecureContext;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Who and where, for the log lines. */
  readonly fields: LogFields;
  /** The chain the client presented (DER, leaf first): why it is refused, or undefined. */
  judge(chain: readonly Uint8Array[]): CertificateFault | undefined;
  /** The handshake completed: the connection is the caller's from here on. */
  secured(socket: TLSSocket): void;
}

export function startHandshake(raw: Socket, options: HandshakeOptions): void {
  const { clock, logger, fields } = options;
  let settled = false;
  const fail = (why: string): void => {
    if (settled) return;
    settled = true;
    logger.log('warn', `TLS handshake failed: ${why}`, fields);
    raw.destroy();
  };
  const inspector = new HandshakeInspector(raw, {
    judge: (chain) => options.judge(chain),
    refused: () => {
      settled = true;
      const linger = clock.setTimeout(() => raw.destroy(), LINGER_MS);
      raw.once('close', () => clock.clearTimeout(linger));
    },
  });
  const socket = new TLSSocket(inspector, { isServer: true, secureContext: options.secureContext, requestCert: true, rejectUnauthorized: false });
  const deadline = clock.setTimeout(() => fail(`no TLS session within ${HANDSHAKE_TIMEOUT_MS} ms`), HANDSHAKE_TIMEOUT_MS);
  // Errors after the handshake are the connection's to log (connection.ts).
  socket.on('error', (e: Error) => fail(e.message));
  socket.on('close', () => {
    clock.clearTimeout(deadline);
    fail('socket hang up');
  });
  // 'secure' is how a server-side TLSSocket reports its completed handshake (tls.Server relays it as 'secureConnection').
  socket.once('secure', () => {
    clock.clearTimeout(deadline);
    if (settled) return;
    settled = true;
    options.secured(socket);
  });
}
