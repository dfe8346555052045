import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import * as tls from 'node:tls';
import { SimulatedClock, systemClock } from '@ekmsim/core';
import { connectTls, KmipClient, KmipTransportError, type Dialer, type KmipClientOptions } from '@ekmsim/kmip-client';
import { TtlvFramer } from '@ekmsim/ttlv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPki, type Pem } from './support/certs.js';
import { standardResponse } from './support/fake-kmip.js';
import { opensslServer } from './support/openssl-server.js';

let pki: TestPki;
let ca: Pem;
let otherCa: Pem;
let client: Pem;
const servers: (tls.Server | TcpServer)[] = [];
const DAY_MS = 86_400_000;

beforeAll(() => {
  pki = new TestPki();
  ca = pki.ca('KMIP Test CA');
  otherCa = pki.ca('Unknown CA');
  client = pki.leaf(ca, { cn: 'element-cluster', usage: 'clientAuth' });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  pki.dispose();
});

async function listen<S extends tls.Server | TcpServer>(server: S, host = '127.0.0.1'): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

/** A KMIP echo server on TLS: mutual authentication against `ca`, standard answers. */
async function kmipServer(cert: Pem, options: { maxVersion?: tls.SecureVersion } = {}): Promise<{ port: number; peers: string[] }> {
  const peers: string[] = [];
  const server = tls.createServer({ ...cert_(cert), ca: ca.certPem, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2', ...options }, (socket) => {
    peers.push(socket.remoteAddress ?? '');
    const framer = new TtlvFramer();
    socket.on('data', (chunk: Uint8Array) => framer.push(chunk).forEach((m) => socket.write(standardResponse(m))));
    socket.on('error', () => {});
  });
  server.on('tlsClientError', () => {});
  return { port: await listen(server), peers };
}

const cert_ = (p: Pem) => ({ cert: p.certPem, key: p.keyPem });

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function kmip(host: string, port: number, extra: Partial<KmipClientOptions> = {}, credentials: Pem = client): KmipClient {
  return new KmipClient({
    servers: [{ host, port }],
    tls: { caPem: ca.certPem, certPem: credentials.certPem, keyPem: credentials.keyPem },
    clock: systemClock(),
    ...extra,
  });
}

async function failure(c: KmipClient): Promise<KmipTransportError> {
  try {
    await c.discoverVersions();
  } catch (e) {
    expect(e).toBeInstanceOf(KmipTransportError);
    return e as KmipTransportError;
  } finally {
    await c.close();
  }
  throw new Error('expected the operation to fail');
}

describe('mutual TLS', () => {
  it('talks KMIP to a server whose certificate names the host dialed', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth' }));
    const c = kmip('localhost', port);
    expect(await c.discoverVersions()).toEqual([{ major: 1, minor: 2 }]);
    expect(await c.create()).toBe('1');
    await c.close();
  });

  it('checks an IP address against the IP SANs', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['127.0.0.1'], usage: 'serverAuth' }));
    const c = kmip('127.0.0.1', port);
    expect(await c.discoverVersions()).toEqual([{ major: 1, minor: 2 }]);
    await c.close();
  });

  it('SAN mismatch → tls, bad certificate, decided locally', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['other.example'], usage: 'serverAuth' }));
    const e = await failure(kmip('localhost', port));
    expect(e).toMatchObject({ kind: 'tls', alert: 'bad certificate', alertFrom: 'local', server: `localhost:${port}`, cause: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
  });

  it('server certificate from an unknown CA → tls, unknown ca', async () => {
    const { port } = await kmipServer(pki.leaf(otherCa, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth' }));
    const e = await failure(kmip('localhost', port));
    expect(e).toMatchObject({ kind: 'tls', alert: 'unknown ca', alertFrom: 'local', cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
  });

  it.each(['TLSv1.2', 'TLSv1.3'] as const)('client certificate rejected by an OpenSSL server (%s) → the alert it sent', async (version) => {
    const server = await opensslServer(pki, pki.leaf(ca, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth' }), ca.certPem, version);
    try {
      const stranger = pki.leaf(otherCa, { cn: 'stranger', usage: 'clientAuth' });
      const e = await failure(kmip('localhost', server.port, {}, stranger));
      expect(e).toMatchObject({ kind: 'tls', alert: 'unknown ca', alertFrom: 'peer' });
    } finally {
      server.stop();
    }
  });

  it('an OpenSSL server refusing us whose own certificate we do not trust → the server certificate is reported, as a verifying client stops there first', async () => {
    const server = await opensslServer(pki, pki.leaf(otherCa, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth' }), otherCa.certPem, 'TLSv1.2');
    try {
      const e = await failure(kmip('localhost', server.port));
      expect(e).toMatchObject({ kind: 'tls', alert: 'unknown ca', alertFrom: 'local', cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    } finally {
      server.stop();
    }
  });

  it('client certificate rejected by a node:tls server (no alert, TLS 1.2) → tls, handshake interrupted', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth' }), { maxVersion: 'TLSv1.2' });
    const stranger = pki.leaf(otherCa, { cn: 'stranger', usage: 'clientAuth' });
    const e = await failure(kmip('localhost', port, {}, stranger));
    expect(e).toMatchObject({ kind: 'tls', alert: undefined, cause: { code: 'ECONNRESET' } });
  });

  it('server certificate expired on the client clock → certificate expired', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth', days: 30 }));
    const later = new SimulatedClock(Date.now() + 60 * 86_400_000);
    const e = await failure(kmip('localhost', port, { clock: later }));
    expect(e).toMatchObject({ kind: 'tls', alert: 'certificate expired', alertFrom: 'local', cause: { code: 'CERT_HAS_EXPIRED' } });
    expect(e.message).toContain('certificate has expired');
  });

  it('a server certificate valid on the client clock is accepted though not valid in real time', async () => {
    const period = { notBefore: new Date(Date.now() + 100 * DAY_MS), notAfter: new Date(Date.now() + 200 * DAY_MS) };
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth', period }));
    const c = kmip('localhost', port, { clock: new SimulatedClock(Date.now() + 150 * DAY_MS) });
    expect(await c.discoverVersions()).toEqual([{ major: 1, minor: 2 }]);
    await c.close();
    // The same certificate today: not yet valid, judged on the clock as OpenSSL would.
    const today = await failure(kmip('localhost', port));
    expect(today).toMatchObject({ kind: 'tls', alert: 'bad certificate', alertFrom: 'local', cause: { code: 'CERT_NOT_YET_VALID' } });
  });

  it('an untrusted server certificate is refused even when OpenSSL only objects to its dates', async () => {
    const period = { notBefore: new Date(Date.now() + 100 * DAY_MS), notAfter: new Date(Date.now() + 200 * DAY_MS) };
    const { port } = await kmipServer(pki.leaf(otherCa, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth', period }));
    const e = await failure(kmip('localhost', port, { clock: new SimulatedClock(Date.now() + 150 * DAY_MS) }));
    expect(e).toMatchObject({ kind: 'tls', alert: 'unknown ca', alertFrom: 'local' });
  });

  it('the CA certificate is judged on the clock too', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['localhost'], usage: 'serverAuth', period: { notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + 3000 * DAY_MS) } }));
    const e = await failure(kmip('localhost', port, { clock: new SimulatedClock(Date.now() + 400 * DAY_MS) }));
    expect(e).toMatchObject({ kind: 'tls', alert: 'certificate expired', cause: { code: 'CERT_HAS_EXPIRED', message: expect.stringContaining('KMIP Test CA') as unknown } });
  });
});

describe('dialing', () => {
  it('connection refused → refused', async () => {
    const port = await closedPort();
    expect(await failure(kmip('127.0.0.1', port))).toMatchObject({ kind: 'refused', cause: { code: 'ECONNREFUSED' } });
  });

  it('unresolvable host → lookup', async () => {
    expect(await failure(kmip('kmip.invalid', 5696))).toMatchObject({ kind: 'lookup', server: 'kmip.invalid:5696' });
  });

  it('fails over from a refused host to the next, and stays there', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['localhost', '127.0.0.1'], usage: 'serverAuth' }));
    const c = kmip('unused', 0, { servers: [{ host: '127.0.0.1', port: await closedPort() }, { host: 'localhost', port }] });
    expect(await c.discoverVersions()).toEqual([{ major: 1, minor: 2 }]);
    expect(c.server).toEqual({ host: 'localhost', port });
    await c.close();
  });

  it('a dialer routes simulated host names; the certificate is checked against the name dialed', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['kmip-a.sim.test'], usage: 'serverAuth' }));
    const routed: string[] = [];
    const dialer: Dialer = (o) => {
      routed.push(`${o.host}:${o.port}`);
      return tls.connect({ ...o, host: '127.0.0.1', port });
    };
    const good = kmip('kmip-a.sim.test', 5696, { dialer });
    expect(await good.discoverVersions()).toEqual([{ major: 1, minor: 2 }]);
    await good.close();
    expect(await failure(kmip('kmip-b.sim.test', 5696, { dialer }))).toMatchObject({ kind: 'tls', alert: 'bad certificate' });
    expect(routed).toEqual(['kmip-a.sim.test:5696', 'kmip-b.sim.test:5696']);
  });

  it('dials from the local address given', async () => {
    const { port, peers } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['127.0.0.1'], usage: 'serverAuth' }));
    const c = kmip('127.0.0.1', port, { localAddress: '127.0.0.2' });
    await c.discoverVersions();
    await c.close();
    expect(peers).toEqual(['127.0.0.2']);
  });

  it('the same credentials connect again (read once), and a key that does not fit its certificate fails the connection', async () => {
    const { port } = await kmipServer(pki.leaf(ca, { cn: 'kmip', sans: ['127.0.0.1'], usage: 'serverAuth' }));
    for (let i = 0; i < 2; i++) {
      const c = kmip('127.0.0.1', port);
      expect(await c.discoverVersions()).toEqual([{ major: 1, minor: 2 }]);
      await c.close();
    }
    const other = pki.leaf(ca, { cn: 'other', usage: 'clientAuth' });
    for (const key of [other.keyPem, 'not a key']) {
      const e = await failure(kmip('127.0.0.1', port, {}, { ...client, keyPem: key }));
      expect(e.server).toBe(`127.0.0.1:${port}`);
    }
  });

  it('a handshake that never completes times out on the clock', async () => {
    const silent = createTcpServer(() => {});
    const port = await listen(silent);
    const clock = new SimulatedClock(Date.now());
    const connecting = connectTls({ host: '127.0.0.1', port, ca: ca.certPem, cert: client.certPem, key: client.keyPem, timeoutMs: 5000, clock });
    clock.advance(5000);
    await expect(connecting).rejects.toMatchObject({ kind: 'timeout', server: `127.0.0.1:${port}` });
  });
});
