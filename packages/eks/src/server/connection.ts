/**
 * One client connection: bytes → TtlvFramer → one response per request message, in order
 * (pipelined messages in a chunk are answered in one write). When the stream loses its framing
 * the connection closes; if the bad header was still a Structure's (oversized or misaligned
 * length) an Invalid Message response goes out first. Nothing here throws into Node.
 */
import { concatBytes, type Logger } from '@ekmsim/core';
import { KmipResultError } from '@ekmsim/kmip';
import { TtlvDecodeError, TtlvFramer, type TtlvLimits } from '@ekmsim/ttlv';
import type { TLSSocket } from 'node:tls';
import type { ServerServices, Session } from '../protocol/dispatcher.js';
import { answerMessage, FALLBACK_VERSION } from '../protocol/message-handler.js';
import { messageFailure } from '../protocol/responses.js';

/** How long a connection being closed waits for the client to hang up, on the Clock. */
const LINGER_MS = 5_000;

export interface ConnectionOptions {
  readonly socket: TLSSocket;
  readonly session: Session;
  readonly remote: string;
  readonly services: ServerServices;
  readonly limits: TtlvLimits;
}

export function serveConnection({ socket, session, remote, services, limits }: ConnectionOptions): void {
  const { logger, clock } = services;
  const { client } = session;
  const framer = new TtlvFramer({ maxMessageSize: limits.maxMessageSize });
  let closing = false;
  let linger: unknown;

  const write = (bytes: Uint8Array): void => {
    if (socket.destroyed || !socket.writable) return;
    if (!socket.write(bytes)) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  };

  const close = (why: string, level: 'info' | 'warn'): void => {
    closing = true;
    log(logger, level, `closing connection: ${why}`, client, remote);
    socket.end();
    linger = clock.setTimeout(() => socket.destroy(), LINGER_MS);
  };

  const onFramingError = (e: unknown): void => {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof TtlvDecodeError && (e.code === 'TOO_LARGE' || e.code === 'BAD_LENGTH')) {
      write(messageFailure(FALLBACK_VERSION, clock.now(), new KmipResultError('InvalidMessage', `message refused: ${message}`)));
    }
    close(`unframeable input: ${message}`, 'warn');
  };

  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    try {
      let messages: Uint8Array[];
      try {
        messages = framer.push(chunk);
      } catch (e) {
        onFramingError(e);
        return;
      }
      if (messages.length > 0) {
        const replies = messages.map((m) => answerMessage(m, session, services, limits));
        write(replies.length === 1 ? replies[0]! : concatBytes(replies));
      }
      // Messages that arrived whole before bytes that do not frame are answered first.
      if (framer.failure !== undefined) onFramingError(framer.failure);
    } catch (e) {
      log(logger, 'error', `connection failed: ${e instanceof Error ? e.message : String(e)}`, client, remote);
      socket.destroy();
    }
  });

  socket.on('end', () => {
    if (!closing) {
      try {
        framer.end();
      } catch (e) {
        log(logger, 'warn', `client hung up mid-message: ${e instanceof Error ? e.message : String(e)}`, client, remote);
      }
    }
    socket.end();
  });
  socket.on('error', (e: Error) => log(logger, 'info', `connection error: ${e.message}`, client, remote));
  socket.on('close', () => {
    if (linger !== undefined) clock.clearTimeout(linger);
    log(logger, 'debug', 'connection closed', client, remote);
  });
}

function log(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error', message: string, client: string, remote: string): void {
  logger.log(level, message, { client, remote });
}
