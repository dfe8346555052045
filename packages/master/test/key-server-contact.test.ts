/**
 * TestKeyServerKmip against real TLS peers, each TR-4843 §10.2 server-level exception from its
 * documented cause, with the [KS]/[OpenSSL] log lines of §10.3.
 */
import { connect as tlsConnect } from 'node:tls';
import { SimulatedClock } from '@ekmsim/core';
import type { Master } from '@ekmsim/master';
import { issueServerCertificate, signCsr, type CertAndKey } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, MemoryLogger, openCluster, SUBJECT, type TestCluster } from './support/cluster.js';
import { startFakeKmipServer, type FakeAnswer, type FakeKmipServer } from './support/fake-kmip-server.js';
import { opensslServer } from './support/openssl-server.js';
import { clock, closedPort, makeCa, removeDir, rng, scratchDir, startSite, type Site } from './support/site.js';

interface Cluster extends TestCluster {
  readonly logger: MemoryLogger;
  /** The cluster's CSR signed by the key server's CA, and by a CA the key server does not trust. */
  readonly good: string;
  readonly other: string;
}

let site: Site;
let otherCa: CertAndKey;
const closers: (() => Promise<void>)[] = [];

async function cluster(options: Parameters<typeof openCluster>[0] = {}): Promise<Cluster> {
  const logger = new MemoryLogger();
  const c = await openCluster({ logger, ...options });
  closers.push(() => c.close());
  await c.master.createPublicPrivateKeyPair(SUBJECT);
  const csr = c.master.getClientCertificateSignRequest();
  return { ...c, logger, good: site.sign(csr), other: signCsr({ csrPem: csr, ca: otherCa, clock, rng }) };
}

async function server(master: Master, settings: { port: number; client: string; ca: string; hostnames?: string[] }): Promise<number> {
  const s = await master.createKeyServerKmip({
    kmipCaCertificate: settings.ca,
    kmipClientCertificate: settings.client,
    kmipKeyServerHostnames: settings.hostnames ?? ['localhost'],
    kmipKeyServerName: 'ks',
    kmipKeyServerPort: settings.port,
  });
  return s.keyServerID;
}

beforeAll(async () => {
  site = await startSite();
  otherCa = await makeCa('Another CA');
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await site.close();
});

describe('TestKeyServerKmip', () => {
  it('succeeds against a working key server and logs the contact at [KS]', async () => {
    const c = await cluster();
    const id = await server(c.master, { port: site.port, client: c.good, ca: site.ca.certPem });
    await c.master.testKeyServerKmip(id);
    expect(c.logger.at('KS').some((m) => m.startsWith(`Key server ${id} (ks) test succeeded`))).toBe(true);
  });

  it('xKeyServerUnavailable: nothing listens on the port (KMIP_ERROR_IO, BIO_connect)', async () => {
    const c = await cluster();
    const id = await server(c.master, { port: await closedPort(), client: c.good, ca: site.ca.certPem, hostnames: ['127.0.0.1'] });
    const f = await failure(c.master.testKeyServerKmip(id));
    expect(f.name).toBe('xKeyServerUnavailable');
    expect(f.message).toMatch(/connection refused/);
    expect(c.logger.at('KS').some((m) => m.includes('xKeyServerUnavailable: KMIP_ERROR_IO'))).toBe(true);
    expect(c.logger.at('OpenSSL')).toContain('OpenSSL error stack: BIO_connect:connect error: Connection refused');
  });

  it('xKeyServerUnavailable: the host name does not resolve (BIO_get_host_ip: bad hostname lookup)', async () => {
    const c = await cluster();
    const id = await server(c.master, { port: site.port, client: c.good, ca: site.ca.certPem, hostnames: ['no-such-host.invalid'] });
    expect((await failure(c.master.testKeyServerKmip(id))).name).toBe('xKeyServerUnavailable');
    expect(c.logger.at('OpenSSL')).toContain('OpenSSL error stack: BIO_get_host_ip: bad hostname lookup');
  });

  it('xKeyServerUnavailable for a clustered server only when every host name fails; one working name is enough', async () => {
    const c = await cluster();
    const id = await server(c.master, { port: site.port, client: c.good, ca: site.ca.certPem, hostnames: ['no-such-host.invalid', 'localhost'] });
    await c.master.testKeyServerKmip(id);
  });

  it('xKeyServerAuthFailed: the client certificate comes from a CA the key server does not trust — its TLS alert unknown ca, in OpenSSL\'s words', async () => {
    const c = await cluster();
    const id = await server(c.master, { port: site.port, client: c.other, ca: site.ca.certPem + otherCa.certPem });
    const f = await failure(c.master.testKeyServerKmip(id));
    expect(f.name).toBe('xKeyServerAuthFailed');
    expect(f.message).toMatch(/unknown ca/);
    expect(c.logger.at('OpenSSL')).toContain('OpenSSL error stack: ssl3_read_bytes:tlsv1 alert unknown ca');
    expect(c.logger.at('OpenSSL')).toContain('OpenSSL error stack: SSL_shutdown:shutdown while in init');
  });

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`xKeyServerAuthFailed: an OpenSSL server sends the alert unknown ca (${version}): ssl3_read_bytes:tlsv1 alert unknown ca`, async () => {
      const c = await cluster();
      const dir = scratchDir();
      const cert = await issueServerCertificate({ commonName: 'localhost', sans: ['localhost'], ca: site.ca, clock, rng });
      const s = await opensslServer(dir, cert, site.ca.certPem, version);
      try {
        const id = await server(c.master, { port: s.port, client: c.other, ca: site.ca.certPem + otherCa.certPem });
        const f = await failure(c.master.testKeyServerKmip(id));
        expect(f.name).toBe('xKeyServerAuthFailed');
        expect(f.message).toMatch(/unknown ca/);
        expect(c.logger.at('OpenSSL')).toContain('OpenSSL error stack: ssl3_read_bytes:tlsv1 alert unknown ca');
      } finally {
        s.stop();
        removeDir(dir);
      }
    });
  }

  describe('KMIP answers', () => {
    let fake: FakeKmipServer;
    let answer: (op: string) => FakeAnswer = () => 'ok';

    beforeAll(async () => {
      const cert = await issueServerCertificate({ commonName: 'localhost', sans: ['localhost'], ca: site.ca, clock, rng });
      fake = await startFakeKmipServer({ cert, caPem: site.ca.certPem }, (op) => answer(op));
    });
    afterAll(() => fake.close());

    const cases: [string, (op: string) => FakeAnswer, string][] = [
      ['Authentication Not Successful', () => ({ reason: 'AuthenticationNotSuccessful' }), 'xKeyServerAuthFailed'],
      ['Permission Denied to Query', (op) => (op === 'Query' ? { reason: 'PermissionDenied' } : 'ok'), 'xKeyServerAuthFailed'],
      ['Operation Not Supported', (op) => (op === 'Query' ? { reason: 'OperationNotSupported' } : 'ok'), 'xKeyServerFailed'],
      ['bytes that are not KMIP', () => ({ raw: new TextEncoder().encode('HTTP/1.1 400 Bad Request\r\n\r\n') }), 'xKeyServerFailed'],
    ];
    for (const [label, fn, expected] of cases) {
      it(`${expected}: the server answers ${label}`, async () => {
        const c = await cluster();
        answer = fn;
        const id = await server(c.master, { port: fake.port, client: c.good, ca: site.ca.certPem });
        const f = await failure(c.master.testKeyServerKmip(id));
        expect(f.name).toBe(expected);
        expect(f.message).not.toMatch(/xEkmGenericError/);
      });
    }
  });

  describe('xKeyServerSslError: the cluster does not trust the server', () => {
    it('kmipCaCertificate is not the CA of the server certificate', async () => {
      const trusting = await startSite({ alsoTrust: [otherCa.certPem] });
      closers.push(() => trusting.close());
      const c = await cluster();
      const id = await server(c.master, { port: trusting.port, client: c.other, ca: otherCa.certPem });
      const f = await failure(c.master.testKeyServerKmip(id));
      expect(f.name).toBe('xKeyServerSslError');
      expect(c.logger.at('OpenSSL').some((m) => m.startsWith('OpenSSL error stack: ssl3_get_server_certificate:certificate verify failed'))).toBe(true);
    });

    it('the host name dialed is not in the server certificate', async () => {
      // The simulated network routes kms.example.test to the key server; its certificate names localhost only.
      const c = await cluster({ kmip: { dialer: (o) => tlsConnect({ ...o, host: '127.0.0.1' }) } });
      const id = await server(c.master, { port: site.port, client: c.good, ca: site.ca.certPem, hostnames: ['kms.example.test'] });
      const f = await failure(c.master.testKeyServerKmip(id));
      expect(f.name).toBe('xKeyServerSslError');
      expect(f.message).toMatch(/kms\.example\.test/);
    });

    it('the server certificate has expired on the cluster clock', async () => {
      const future = new SimulatedClock(clock.now() + 400 * 86_400_000);
      const c = await cluster({ clock: future });
      const id = await server(c.master, { port: site.port, client: c.good, ca: site.ca.certPem });
      const f = await failure(c.master.testKeyServerKmip(id));
      expect(f.name).toBe('xKeyServerSslError');
      expect(f.message).toMatch(/expired/);
    });
  });

  it('xKeyServerInvalidAuth: the key pair was replaced after the server was configured', async () => {
    const c = await cluster();
    const id = await server(c.master, { port: site.port, client: c.good, ca: site.ca.certPem });
    await c.master.createPublicPrivateKeyPair(SUBJECT);
    const f = await failure(c.master.testKeyServerKmip(id));
    expect(f.name).toBe('xKeyServerInvalidAuth');
    expect(f.message).toMatch(/does not belong to the cluster's current key pair/);
  });
});
