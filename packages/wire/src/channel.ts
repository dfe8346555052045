/**
 * A channel carries whole JSON texts both ways: a worker_thread's MessagePort, a WebSocket, or
 * a pair in memory for tests. The RPC peer is written against this and nothing else.
 */
import type { RawData, WebSocket } from 'ws';

export interface Channel {
  send(text: string): void;
  onMessage(listener: (text: string) => void): void;
  /** Called once, when the other end is gone (worker terminated, socket closed). */
  onClose(listener: () => void): void;
  close(): void;
}

/** What a worker_thread's `parentPort`, a `Worker` and a `MessagePort` have in common. */
export interface PortLike {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  on(event: 'close' | 'exit', listener: () => void): unknown;
}

/**
 * Over a worker port. `closeEvent` is `exit` for a Worker seen from its parent, `close` for a
 * MessagePort; `close` ends our side (the parent terminates the worker itself).
 */
export function portChannel(port: PortLike, closeEvent: 'close' | 'exit', close: () => void = () => undefined): Channel {
  return {
    send: (text) => port.postMessage(text),
    onMessage: (listener) => {
      port.on('message', (value) => {
        // Anything not a string is not ours; the peer treats '' as malformed and says so.
        listener(typeof value === 'string' ? value : '');
      });
    },
    onClose: (listener) => {
      port.on(closeEvent, listener);
    },
    close,
  };
}

export function webSocketChannel(socket: WebSocket): Channel {
  return {
    send: (text) => {
      if (socket.readyState === socket.OPEN) socket.send(text);
    },
    onMessage: (listener) => {
      socket.on('message', (data, isBinary) => listener(isBinary ? '' : utf8Text(data)));
    },
    onClose: (listener) => {
      socket.on('close', listener);
    },
    close: () => socket.close(),
  };
}

/** A text frame's payload: a Buffer by default, fragments or an ArrayBuffer if the socket's binaryType says so. */
function utf8Text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

/** Two connected channels in memory (tests). Delivery is asynchronous, as on a real port. */
export function memoryChannelPair(): [Channel, Channel] {
  type End = { listeners: ((t: string) => void)[]; closers: (() => void)[]; closed: boolean };
  const a: End = { listeners: [], closers: [], closed: false };
  const b: End = { listeners: [], closers: [], closed: false };
  const make = (self: End, other: End): Channel => ({
    send: (text) => {
      if (self.closed) return;
      queueMicrotask(() => {
        if (!other.closed) for (const l of other.listeners) l(text);
      });
    },
    onMessage: (l) => void self.listeners.push(l),
    onClose: (l) => void self.closers.push(l),
    close: () => {
      for (const end of [self, other]) {
        if (end.closed) continue;
        end.closed = true;
        for (const c of end.closers) queueMicrotask(c);
      }
    },
  });
  return [make(a, b), make(b, a)];
}
