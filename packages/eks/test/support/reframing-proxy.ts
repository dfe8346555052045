/**
 * A TCP proxy between a TLS client and the key server that re-frames the client's plaintext
 * handshake before passing it on. TLS lets a handshake message span records and several
 * messages share one (RFC 5246 §6.2.1) and OpenSSL reassembles either way, so a client must be
 * admitted, or refused with the same alert, however its handshake is framed. The proxy gathers
 * the handshake bytes of each flight (what one read from the client holds, up to its
 * ChangeCipherSpec), optionally rewrites them, and sends them as records of `recordSize` bytes
 * (or as one record), optionally one byte per write so the server reads them in tiny pieces.
 * Everything from ChangeCipherSpec on, and the server's side, pass unchanged.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ReframeOptions {
  /** Handshake bytes per record, or one record per flight. */
  readonly recordSize: number | 'flight';
  /** One byte per write, each in its own turn of the event loop. */
  readonly byteByByte?: boolean;
  /** Rewrites a flight's handshake bytes (flight 0 holds the ClientHello). */
  readonly rewrite?: (handshake: Uint8Array, flight: number) => Uint8Array;
  /** Hangs up on both sides once this flight is written. */
  readonly hangUpAfterFlight?: number;
}

export interface Proxy {
  readonly port: number;
  close(): Promise<void>;
}

const HANDSHAKE = 22;
const CHANGE_CIPHER_SPEC = 20;

export async function startReframingProxy(targetPort: number, options: ReframeOptions): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.on('data', (d: Buffer) => client.write(d));
    const writer = orderedWriter(upstream, options.byteByByte === true);
    let pending = Buffer.alloc(0);
    let plaintext = true;
    let flight = 0;
    client.on('data', (d: Buffer) => {
      if (!plaintext) {
        writer.write(d);
        return;
      }
      pending = Buffer.concat([pending, d]);
      const handshake: Buffer[] = [];
      let version = Buffer.from([3, 3]);
      while (plaintext && pending.length >= 5 && pending.length >= 5 + pending.readUInt16BE(3)) {
        const length = 5 + pending.readUInt16BE(3);
        const record = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (record[0] === HANDSHAKE) {
          if (handshake.length === 0) version = Buffer.from(record.subarray(1, 3));
          handshake.push(record.subarray(5));
          continue;
        }
        flush();
        writer.write(record);
        if (record[0] === CHANGE_CIPHER_SPEC) plaintext = false;
      }
      flush();
      if (!plaintext && pending.length > 0) writer.write(pending);

      function flush(): void {
        if (handshake.length === 0) return;
        const bytes = options.rewrite?.(Buffer.concat(handshake), flight) ?? Buffer.concat(handshake);
        handshake.length = 0;
        const size = options.recordSize === 'flight' ? Math.max(bytes.length, 1) : options.recordSize;
        for (let at = 0; at < bytes.length; at += size) {
          const fragment = bytes.subarray(at, at + size);
          writer.write(Buffer.concat([Buffer.from([HANDSHAKE, version[0]!, version[1]!, fragment.length >> 8, fragment.length & 0xff]), fragment]));
        }
        if (flight === options.hangUpAfterFlight) writer.then(() => client.destroy());
        flight++;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes in order; byte by byte, each byte in a later turn of the event loop. */
function orderedWriter(socket: Socket, byteByByte: boolean): { write(bytes: Uint8Array): void; then(fn: () => void): void } {
  let queue = Promise.resolve();
  return {
    write(bytes) {
      if (!byteByByte) {
        queue = queue.then(() => void socket.write(bytes));
        return;
      }
      for (const b of bytes) {
        queue = queue.then(() => new Promise<void>((resolve) => socket.write(Uint8Array.of(b), () => setImmediate(resolve))));
      }
    },
    then(fn) {
      queue = queue.then(fn);
    },
  };
}
