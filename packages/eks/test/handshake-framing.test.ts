/**
 * The handshake inspector reads the client's plaintext handshake however it is framed, and
 * passes what it cannot read to OpenSSL, which fails the handshake itself: the server never
 * crashes and goes on serving other clients. A re-framing proxy (support/reframing-proxy.ts)
 * splits a real client's handshake messages across records, packs a flight into one record,
 * delivers it a byte at a time, or rewrites it.
 */
import { SimulatedClock } from '@ekmsim/core';
import { DiscoverVersions } from '@ekmsim/kmip';
import { createConnection } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestCa, type Pem } from './support/certs.js';
import { connectClient, V1_4, type Endpoint } from './support/client.js';
import { makePki, removeDir, runServer, type Pki, type Running } from './support/fixture.js';
import { startReframingProxy, type Proxy, type ReframeOptions } from './support/reframing-proxy.js';

let pki: Pki;
let other: TestCa;
let stranger: Pem;
let running: Running;
let proxy: Proxy | undefined;

beforeAll(async () => {
  pki = makePki();
  other = new TestCa('a CA the key server does not trust');
  stranger = other.issue('alice', 'client');
  running = await runServer(pki);
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dataDir);
  pki.remove();
  other.remove();
});

async function through(options: ReframeOptions): Promise<Endpoint> {
  proxy = await startReframingProxy(running.server.port, options);
  return { port: proxy.port, caPem: pki.ca.certPem };
}

async function expectServed(endpoint: Endpoint, identity: Pem): Promise<void> {
  const client = await connectClient(endpoint, identity);
  expect((await client.call(DiscoverVersions, {}, V1_4)).protocolVersions?.length).toBeGreaterThan(0);
  client.socket.destroy();
}

async function expectServerAlive(): Promise<void> {
  await expectServed(running.endpoint, pki.alice);
}

function logged(prefix: string): string[] {
  return running.logger.entries.filter((e) => e.message.startsWith(prefix)).map((e) => e.message);
}

/** The Certificate message leads the client's second flight: [11, length(3), list length(3), certificate length(3), DER…]. */
function certificateFlight(rewrite: (message: Uint8Array) => Uint8Array): (handshake: Uint8Array, flight: number) => Uint8Array {
  return (handshake, flight) => {
    if (flight !== 1) return handshake;
    expect(handshake[0]).toBe(11);
    return rewrite(Uint8Array.from(handshake));
  };
}

describe('however the client frames its handshake', () => {
  const framings: [string, ReframeOptions][] = [
    ['each flight in one record (several messages share it)', { recordSize: 'flight' }],
    ['7-byte records (every message spans records)', { recordSize: 7 }],
    ['1-byte records', { recordSize: 1 }],
    ['one record per flight, delivered a byte at a time', { recordSize: 'flight', byteByByte: true }],
    ['5-byte records, delivered a byte at a time', { recordSize: 5, byteByByte: true }],
  ];
  for (const [label, options] of framings) {
    it(`${label}: a good certificate is served, an untrusted one gets unknown ca`, async () => {
      const endpoint = await through(options);
      await expectServed(endpoint, pki.alice);
      await expect(connectClient(endpoint, stranger)).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' });
    });
  }
});

describe('what the inspector cannot judge goes to OpenSSL, which fails the handshake', () => {
  it('a certificate list whose length does not add up', async () => {
    const endpoint = await through({
      recordSize: 'flight',
      rewrite: certificateFlight((m) => {
        m[6] = (m[6]! + 1) & 0xff;
        return m;
      }),
    });
    await expect(connectClient(endpoint, pki.alice)).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_DECODE_ERROR' });
    await expectServerAlive();
  });

  it('a Certificate message declaring more than OpenSSL accepts (8 MiB)', async () => {
    const endpoint = await through({
      recordSize: 'flight',
      rewrite: certificateFlight((m) => {
        m.set([0x7f, 0xff, 0xff], 1);
        return m;
      }),
    });
    await expect(connectClient(endpoint, pki.alice)).rejects.toMatchObject({ code: 'ERR_SSL_SSLV3_ALERT_ILLEGAL_PARAMETER' });
    await expectServerAlive();
  });

  it('a certificate that is not X.509', async () => {
    const endpoint = await through({
      recordSize: 'flight',
      rewrite: certificateFlight((m) => {
        m[10] = 0x04; // the DER's SEQUENCE tag, made an OCTET STRING
        return m;
      }),
    });
    const refusedBefore = logged('client refused').length;
    await expect(connectClient(endpoint, pki.alice)).rejects.toThrow();
    expect(logged('client refused')).toHaveLength(refusedBefore);
    expect(logged('TLS handshake failed').length).toBeGreaterThan(0);
    await expectServerAlive();
  });
});

describe('handshakes cut short', () => {
  it('the client hangs up inside its Certificate message', async () => {
    const endpoint = await through({ recordSize: 7, rewrite: certificateFlight((m) => m.subarray(0, 40)), hangUpAfterFlight: 1 });
    await expect(connectClient(endpoint, pki.alice)).rejects.toThrow();
    await expectServerAlive();
  });

  it('an SSLv2-format ClientHello, then a hang-up', async () => {
    // RFC 5246 E.2: length 0x8000|n, CLIENT-HELLO (1), version 3.3, then cipher specs, session id and challenge lengths.
    const body = [1, 3, 3, 0, 3, 0, 0, 0, 16, 0x00, 0x00, 0x2f, ...new Array<number>(16).fill(7)];
    await new Promise<void>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port: running.server.port }, () => {
        s.write(Uint8Array.from([0x80, body.length, ...body]));
        setTimeout(() => s.destroy(), 200);
      });
      s.on('error', () => undefined);
      s.on('close', () => resolve());
    });
    await expectServerAlive();
  });

  it('a stalled handshake is dropped after 120 s on the injected clock', async () => {
    const clock = new SimulatedClock(Date.now());
    const stalled = await runServer(pki, { clock });
    try {
      const closed = new Promise<void>((resolve) => {
        const s = createConnection({ host: '127.0.0.1', port: stalled.server.port }, () => {
          // The header of a handshake record and of a Certificate message, and nothing more.
          s.write(Uint8Array.from([22, 3, 3, 0x10, 0x00, 11, 0, 0x0f, 0xfc]));
          setTimeout(() => clock.advance(120_000), 100);
        });
        s.on('error', () => undefined);
        s.on('close', () => resolve());
      });
      await closed;
      expect(stalled.logger.entries.map((e) => e.message)).toContain('TLS handshake failed: no TLS session within 120000 ms');
      await expectServed(stalled.endpoint, pki.alice);
    } finally {
      await stalled.stop();
      removeDir(stalled.dataDir);
    }
  });
});
