/**
 * The key server refuses a client certificate as an OpenSSL-based key server does: with a fatal
 * TLS alert during the handshake (TR-4843 §10.3: Element logs `ssl3_read_bytes:tlsv1 alert
 * unknown ca`), the same alert `openssl s_server -Verify` sends for the same fault. Seen from
 * `openssl s_client` (OpenSSL 3, a peer ekmsim did not write) and from a Node TLS client.
 */
import { SimulatedClock } from '@ekmsim/core';
import { decodeResponseMessage, DiscoverVersions, Enum } from '@ekmsim/kmip';
import { decodeTtlv } from '@ekmsim/ttlv';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCa, type Pem } from './support/certs.js';
import { connectClient, requestBytes, V1_4, type Endpoint } from './support/client.js';
import { makePki, removeDir, runServer, serverForBlock, type Pki, type Running } from './support/fixture.js';
import { opensslVersion, sClient } from './support/openssl-client.js';

const DAY = 86_400_000;
let pki: Pki;
let other: TestCa;
let stranger: Pem;

beforeAll(() => {
  pki = makePki();
  other = new TestCa('a CA the key server does not trust');
  stranger = other.issue('alice', 'client');
});

afterAll(() => {
  pki.remove();
  other.remove();
});

function refusals(running: Running): string[] {
  return running.logger.entries.filter((e) => e.message.startsWith('client refused')).map((e) => e.message);
}

function alertsLogged(running: Running): unknown[] {
  return running.logger.entries.filter((e) => e.message.startsWith('client refused')).map((e) => e.fields?.['alert']);
}

/** The handshake of a Node TLS client fails with this OpenSSL error code. */
async function expectNodeAlert(endpoint: Endpoint, identity: Pem | undefined, code: string): Promise<void> {
  const extra = identity === undefined ? { cert: undefined, key: undefined } : {};
  await expect(connectClient(endpoint, identity ?? { certPem: '', keyPem: '' }, extra)).rejects.toMatchObject({ code });
}

async function expectServed(running: Running, identity: Pem): Promise<void> {
  const client = await running.connect(identity);
  expect((await client.call(DiscoverVersions, {}, V1_4)).protocolVersions?.length).toBeGreaterThan(0);
  client.close();
}

describe('as openssl s_client sees them', () => {
  const running = serverForBlock(() => pki);

  it('is run with OpenSSL 3', () => {
    expect(opensslVersion()).toMatch(/^OpenSSL 3\./);
  });

  it('unknown ca (48): a client certificate from a CA the server does not trust', async () => {
    const run = await sClient({ port: running().server.port, caPem: pki.ca.certPem, identity: stranger });
    expect(run.output).toMatch(/ssl3_read_bytes:tlsv1 alert unknown ca:.*SSL alert number 48/);
    expect(run.exitCode).not.toBe(0);
    expect(refusals(running())).toContain('client refused: the client certificate is not issued by a trusted CA');
    expect(alertsLogged(running())).toContain('unknown ca (48)');
  });

  it('handshake failure (40): no client certificate, as OpenSSL 3 sends in TLS 1.2 when it requires one', async () => {
    const run = await sClient({ port: running().server.port, caPem: pki.ca.certPem });
    expect(run.output).toMatch(/alert handshake failure:.*SSL alert number 40/);
    expect(refusals(running())).toContain('client refused: the client sent no certificate');
  });

  it('unsupported certificate (43): Extended Key Usage without clientAuth (OpenSSL: unsuitable certificate purpose)', async () => {
    const run = await sClient({ port: running().server.port, caPem: pki.ca.certPem, identity: pki.ca.issue('server-only', 'noClientAuth') });
    expect(run.output).toMatch(/alert unsupported certificate:.*SSL alert number 43/);
  });

  it('certificate revoked (44): a certificate the administrator revoked; reinstated, it is served again', async () => {
    const bob = pki.ca.issue('revoked-bob', 'client');
    running().server.admin.revokeCertificate({ commonName: 'revoked-bob' });
    const run = await sClient({ port: running().server.port, caPem: pki.ca.certPem, identity: bob });
    expect(run.output).toMatch(/alert certificate revoked:.*SSL alert number 44/);
    expect(refusals(running())).toContain('client refused: client certificates with CN "revoked-bob" are revoked');
    running().server.admin.reinstateCertificate({ commonName: 'revoked-bob' });
    await expectServed(running(), bob);
  });

  it('a good certificate completes the TLS 1.2 handshake and KMIP: s_client gets the DiscoverVersions response', async () => {
    const run = await sClient({
      port: running().server.port,
      caPem: pki.ca.certPem,
      identity: pki.alice,
      request: requestBytes(V1_4, [{ op: DiscoverVersions, payload: {} }]),
    });
    expect(run.response).toBeDefined();
    const response = decodeResponseMessage(decodeTtlv(run.response!));
    expect(response.batchItems[0]!.resultStatus).toBe(Enum.ResultStatus.Success);
    expect(running().logger.entries.some((e) => e.message === 'client connected' && e.fields?.['client'] === 'alice' && e.fields['tls'] === 'TLSv1.2')).toBe(true);
  });
});

describe('validity on the injected clock', () => {
  it('certificate expired (45): valid on the OS clock, expired on the server clock running ahead', async () => {
    const running = await runServer(pki, { clock: new SimulatedClock(Date.now() + 2 * 365 * DAY) });
    try {
      const run = await sClient({ port: running.server.port, caPem: pki.ca.certPem, identity: pki.alice });
      expect(run.output).toMatch(/alert certificate expired:.*SSL alert number 45/);
      expect(refusals(running).some((m) => /^client refused: certificate CN=alice expired at /.test(m))).toBe(true);
      await expectNodeAlert(running.endpoint, pki.alice, 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED');
    } finally {
      await running.stop();
      removeDir(running.dataDir);
    }
  });

  it('bad certificate (42): not valid yet on the server clock (what OpenSSL sends for not-yet-valid)', async () => {
    const running = await runServer(pki, { clock: new SimulatedClock(Date.now() - 30 * DAY) });
    try {
      const run = await sClient({ port: running.server.port, caPem: pki.ca.certPem, identity: pki.alice });
      expect(run.output).toMatch(/alert bad certificate:.*SSL alert number 42/);
      await expectNodeAlert(running.endpoint, pki.alice, 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE');
    } finally {
      await running.stop();
      removeDir(running.dataDir);
    }
  });

  it('no session resumption: a client offering its session after the clock passed expiry gets a full handshake and the alert', async () => {
    const clock = new SimulatedClock(Date.now());
    const running = await runServer(pki, { clock });
    const dir = mkdtempSync(join(tmpdir(), 'ekmsim-session-'));
    try {
      const session = join(dir, 'session.pem');
      const first = await sClient({ port: running.server.port, caPem: pki.ca.certPem, identity: pki.alice, sessionOut: session });
      expect(first.output).toMatch(/^New, TLSv1\.2/m);
      clock.advance(2 * 365 * DAY);
      const resumed = await sClient({ port: running.server.port, caPem: pki.ca.certPem, identity: pki.alice, sessionIn: session });
      expect(resumed.output).not.toMatch(/^Reused/m);
      expect(resumed.output).toMatch(/alert certificate expired:.*SSL alert number 45/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await running.stop();
      removeDir(running.dataDir);
    }
  });
});

describe('as a Node TLS client sees them', () => {
  const running = serverForBlock(() => pki);

  it('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA for a certificate from another CA, and the next good client is served', async () => {
    await expectNodeAlert(running().endpoint, stranger, 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    await expectServed(running(), pki.alice);
  });

  it('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE without a certificate', async () => {
    await expectNodeAlert(running().endpoint, undefined, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
  });

  it('ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE for a certificate without any Extended Key Usage (which OpenSSL lets through)', async () => {
    await expectNodeAlert(running().endpoint, pki.ca.issue('no-eku', 'noEku'), 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE');
  });

  it('ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED for a certificate revoked by fingerprint', async () => {
    const carol = pki.ca.issue('carol', 'client');
    running().server.admin.revokeCertificate({ fingerprint: new X509Certificate(carol.certPem).fingerprint256 });
    await expectNodeAlert(running().endpoint, carol, 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED');
    expect(refusals(running()).some((m) => / is revoked$/.test(m))).toBe(true);
  });
});
