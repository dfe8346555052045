import { SimulatedClock } from '@ekmsim/core';
import { KmipConnection, KmipTransportError, memoryTransportPair } from '@ekmsim/kmip-client';
import { encodeTtlv } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';
import { flush } from './support/fake-kmip.js';

/** Any framable message will do: the connection only frames and correlates. */
const message = (n: number): Uint8Array => encodeTtlv({ tag: 0x42007b, type: 'Structure', value: [{ tag: 0x420094, type: 'Integer', value: n }] });

function pair(maxInFlight = 1) {
  const [clientEnd, serverEnd] = memoryTransportPair();
  const received: Uint8Array[] = [];
  let serverClosed = false;
  serverEnd.start({ data: (c) => received.push(c), closed: () => (serverClosed = true) });
  const connection = new KmipConnection(clientEnd, { clock: new SimulatedClock(), maxInFlight });
  return { connection, serverEnd, received, isServerClosed: () => serverClosed };
}

describe('KmipConnection', () => {
  it('counts requests in flight and queued', async () => {
    const { connection, serverEnd, received } = pair(2);
    const answers = [1, 2, 3].map((n) => connection.request(message(n)));
    await flush();
    expect(received).toHaveLength(2);
    expect(connection.pending).toBe(3);
    serverEnd.write(message(10));
    serverEnd.write(message(20));
    serverEnd.write(message(30));
    expect(await Promise.all(answers)).toEqual([message(10), message(20), message(30)]);
    expect(connection.pending).toBe(0);
  });

  it('an unsolicited response is a protocol error that closes the connection', async () => {
    const { connection, serverEnd, isServerClosed } = pair();
    serverEnd.write(message(1));
    await flush();
    expect(connection.isOpen).toBe(false);
    expect(isServerClosed()).toBe(true);
    const error = await connection.request(message(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KmipTransportError);
    expect(error).toMatchObject({ kind: 'protocol', requestSent: false });
  });

  it('a transport failure reaches every pending request with its kind and alert', async () => {
    const [clientEnd, serverEnd] = memoryTransportPair();
    serverEnd.start({ data: () => {}, closed: () => {} });
    const connection = new KmipConnection(clientEnd, { clock: new SimulatedClock() });
    const first = connection.request(message(1)).catch((e: unknown) => e);
    const second = connection.request(message(2)).catch((e: unknown) => e);
    await flush();
    clientEnd.fail(new KmipTransportError('tls', 'alert', { alert: 'unknown ca', alertFrom: 'peer' }));
    expect(await first).toMatchObject({ kind: 'tls', alert: 'unknown ca', requestSent: true });
    expect(await second).toMatchObject({ kind: 'tls', alert: 'unknown ca', requestSent: false });
    await connection.closed;
  });
});
