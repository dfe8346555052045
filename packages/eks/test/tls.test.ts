import { SimulatedClock } from '@ekmsim/core';
import { DiscoverVersions } from '@ekmsim/kmip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCa, type Pem } from './support/certs.js';
import { connectClient, requestBytes, V1_4, type Endpoint } from './support/client.js';
import { makePki, removeDir, runServer, serverForBlock, type Pki, type Running } from './support/fixture.js';

const DAY = 86_400_000;
let pki: Pki;

beforeAll(() => {
  pki = makePki();
});

afterAll(() => {
  pki.remove();
});

/** The server must not serve this client: either the handshake fails or the connection closes unanswered. */
async function expectRefused(endpoint: Endpoint, identity: Pem | undefined, extra: Parameters<typeof connectClient>[2] = {}): Promise<void> {
  let client;
  try {
    client = await connectClient(endpoint, identity ?? { certPem: '', keyPem: '' }, identity === undefined ? { ...extra, cert: undefined, key: undefined } : extra);
  } catch {
    return;
  }
  client.send(requestBytes(V1_4, [{ op: DiscoverVersions, payload: {} }]));
  expect(await client.next()).toBeUndefined();
}

async function expectServed(endpoint: Endpoint, identity: Pem, extra: Parameters<typeof connectClient>[2] = {}): Promise<string | null> {
  const client = await connectClient(endpoint, identity, extra);
  const versions = await client.call(DiscoverVersions, {}, V1_4);
  expect(versions.protocolVersions?.length).toBeGreaterThan(0);
  const protocol = client.socket.getProtocol();
  client.socket.destroy();
  return protocol;
}

function refusals(running: Running): string[] {
  return running.logger.entries.filter((e) => e.message.startsWith('client refused') || e.message.startsWith('TLS handshake failed')).map((e) => e.message);
}

describe('TLS on the system clock', () => {
  const running = serverForBlock(() => pki);

  it('speaks TLS 1.2 (KMIP’s profiles), also to a client that offers 1.3, and refuses a TLS 1.3-only client', async () => {
    expect(await expectServed(running().endpoint, pki.alice, { maxVersion: 'TLSv1.2' })).toBe('TLSv1.2');
    expect(await expectServed(running().endpoint, pki.alice, { maxVersion: 'TLSv1.3' })).toBe('TLSv1.2');
    await expect(connectClient(running().endpoint, pki.alice, { minVersion: 'TLSv1.3' })).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    await expectServed(running().endpoint, pki.alice);
  });

  it('refuses a TLS 1.1 client in the handshake', async () => {
    await expect(connectClient(running().endpoint, pki.alice, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).rejects.toThrow();
    expect(refusals(running()).some((m) => m.includes('unsupported protocol'))).toBe(true);
    await expectServed(running().endpoint, pki.alice);
  });

  it('refuses a client certificate whose Extended Key Usage lacks clientAuth', async () => {
    await expectRefused(running().endpoint, pki.ca.issue('server-only', 'noClientAuth'));
    expect(refusals(running())).toContain('client refused: the client certificate lacks Extended Key Usage clientAuth');
    await expectServed(running().endpoint, pki.alice);
  });

  it('refuses a client certificate without any Extended Key Usage (which OpenSSL lets through)', async () => {
    await expectRefused(running().endpoint, pki.ca.issue('no-eku', 'noEku'));
    expect(refusals(running()).some((m) => m.includes('lacks Extended Key Usage clientAuth'))).toBe(true);
    await expectServed(running().endpoint, pki.alice);
  });

  it('refuses a client certificate from another CA', async () => {
    const other = new TestCa('some other CA');
    try {
      const stranger = other.issue('alice', 'client');
      await expectRefused(running().endpoint, stranger);
      expect(refusals(running())).toContain('client refused: the client certificate is not issued by a trusted CA');
    } finally {
      other.remove();
    }
    await expectServed(running().endpoint, pki.alice);
  });

  it('refuses a client without a certificate', async () => {
    await expectRefused(running().endpoint, undefined);
    expect(refusals(running()).some((m) => m.includes('no certificate'))).toBe(true);
    await expectServed(running().endpoint, pki.alice);
  });
});

describe('certificate validity on the injected clock', () => {
  it('refuses a certificate that has expired on the simulated clock once the clock jumps', async () => {
    const clock = new SimulatedClock(Date.now());
    const running = await runServer(pki, { clock });
    try {
      await expectServed(running.endpoint, pki.alice);
      clock.advance(2 * 365 * DAY);
      await expectRefused(running.endpoint, pki.alice);
      expect(refusals(running).some((m) => m.includes('expired'))).toBe(true);
    } finally {
      await running.stop();
      removeDir(running.dataDir);
    }
  });

  it('refuses a certificate that is not yet valid on the simulated clock', async () => {
    const running = await runServer(pki, { clock: new SimulatedClock(Date.now() - 30 * DAY) });
    try {
      await expectRefused(running.endpoint, pki.alice);
      expect(refusals(running).some((m) => m.includes('not valid before'))).toBe(true);
    } finally {
      await running.stop();
      removeDir(running.dataDir);
    }
  });

  it('accepts a certificate valid on the simulated clock though expired on the OS clock', async () => {
    const from = Date.UTC(2020, 0, 1);
    const old = pki.ca.issue('time-traveller', 'client', { from, to: from + 30 * DAY });
    const running = await runServer(pki, { clock: new SimulatedClock(from + 10 * DAY) });
    try {
      await expectServed(running.endpoint, old);
    } finally {
      await running.stop();
      removeDir(running.dataDir);
    }
  });

  it('still refuses a certificate from another CA when it is also expired on the OS clock', async () => {
    const other = new TestCa('expired stranger CA');
    const from = Date.UTC(2020, 0, 1);
    const running = await runServer(pki, { clock: new SimulatedClock(from + 10 * DAY) });
    try {
      await expectRefused(running.endpoint, other.issue('alice', 'client', { from, to: from + 30 * DAY }));
    } finally {
      other.remove();
      await running.stop();
      removeDir(running.dataDir);
    }
  });
});
