/**
 * Issue 5, points 2–3, through a whole simulation: key servers are reached over the simulated
 * network (names only the simulation resolves, a relay that applies faults by source address,
 * every node dialing from its own loopback address), and certificates are judged on the
 * simulation clock on both sides of the handshake. Each network fault is raised against a node's
 * KMIP contact (probeKeyServers: DiscoverVersions over mutual TLS from the node itself), then
 * cleared, and the contact works again. Last, AdvanceClock past the client certificate's expiry
 * makes every KMIP contact fail with a certificate error, and a rebooted node stays locked, while
 * the same certificate is still valid in real time.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { secureRng } from '@ekmsim/core';
import { signCsr } from '@ekmsim/pki';
import type { NetworkFault } from '@ekmsim/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeState, startTestCluster, waitFor, waitForEar, waitUnlocked, type TestCluster } from './helpers/cluster.js';
import { elementErrorName } from './helpers/element.js';

const DAY_S = 86_400;
/** Short, so a black hole or a partition shows as a timeout quickly; latency faults are sized against it. */
const CONNECT_MS = 1_500;
/** The client certificate of this test lives 30 days (the vendors' 365-day one would outlive the server's). */
const CLIENT_DAYS = 30;

interface SimKeyServer {
  name: string;
  hostnames: string[];
  port: number;
  caCertificate: string;
}

type Outcome = 'ok' | 'lookup' | 'refused' | 'timeout' | 'tls' | 'auth' | 'server';

describe('simulated network and clock', () => {
  let t: TestCluster;
  let kms1: SimKeyServer;
  let clientCertificate: string;

  const probe = async (nodeID: number): Promise<{ outcome: Outcome; detail: string }> => {
    const { results } = await t.sim.master.nodes.call(nodeID, 'probeKeyServers', {});
    expect(results).toHaveLength(1);
    return results[0]!;
  };
  const outcomes = async (): Promise<Outcome[]> => [(await probe(1)).outcome, (await probe(2)).outcome];
  const fault = (f: NetworkFault): Promise<unknown> => t.sim.sim.setNetworkFault(f);
  const clear = (scope: NetworkFault['scope'], target: string): Promise<unknown> => fault({ scope, target, fault: 'none' });

  beforeAll(async () => {
    t = await startTestCluster({ nodes: 2, keyServers: ['kms1'], kmipTimeouts: { connectMs: CONNECT_MS, requestMs: 5_000 } });
    const { api, control } = t;
    kms1 = ((await control('ListSimKeyServers')).keyServers as SimKeyServer[])[0]!;
    // TR-4843 §9.1 with a client certificate the key server's CA signs for 30 days.
    await api('CreatePublicPrivateKeyPair', { commonName: 'cluster1', organization: 'NetApp', country: 'US' });
    const { clientCertificateSignRequest: csr } = (await api('GetClientCertificateSignRequest')) as { clientCertificateSignRequest: string };
    const caDir = join(t.dir, 'keyservers', 'kms1');
    const ca = { certPem: await readFile(join(caDir, 'ca.pem'), 'utf8'), keyPem: await readFile(join(caDir, 'ca.key'), 'utf8') };
    clientCertificate = signCsr({ csrPem: csr, ca, clock: t.sim.clock, rng: secureRng(), days: CLIENT_DAYS, usage: 'client' });
    const { kmipKeyProvider } = (await api('CreateKeyProviderKmip', { keyProviderName: 'provider1' })) as { kmipKeyProvider: { keyProviderID: number } };
    const { kmipKeyServer } = (await api('CreateKeyServerKmip', {
      kmipKeyServerName: 'kms1',
      kmipKeyServerHostnames: kms1.hostnames,
      kmipKeyServerPort: kms1.port,
      kmipCaCertificate: kms1.caCertificate,
      kmipClientCertificate: clientCertificate,
    })) as { kmipKeyServer: { keyServerID: number } };
    await api('AddKeyServerToProviderKmip', { keyProviderID: kmipKeyProvider.keyProviderID, keyServerID: kmipKeyServer.keyServerID });
    await api('EnableEncryptionAtRest', { keyProviderID: kmipKeyProvider.keyProviderID });
    await waitForEar(api, 'enabled');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('key servers have simulated names that only the simulation resolves; the master and the nodes reach them there', async () => {
    expect(kms1.hostnames).toEqual(['kms1.ekmsim.test']);
    expect(await outcomes()).toEqual(['ok', 'ok']);
    await t.api('TestKeyServerKmip', { keyServerID: 1 });
  });

  it('lookup failure for one node: its lookups fail, the other node is unaffected; clearing restores', async () => {
    await fault({ scope: 'node', target: '1', fault: 'lookupFailure' });
    const failed = await probe(1);
    expect(failed.outcome).toBe('lookup');
    expect(failed.detail).toMatch(/kms1\.ekmsim\.test.*host name lookup failed/);
    expect((await probe(2)).outcome).toBe('ok');
    await clear('node', '1');
    expect(await outcomes()).toEqual(['ok', 'ok']);
  });

  it('lookup failure for the key server: nobody resolves its name, the master included', async () => {
    await fault({ scope: 'keyServer', target: 'kms1', fault: 'lookupFailure' });
    expect(await outcomes()).toEqual(['lookup', 'lookup']);
    expect(await elementErrorName(t.api('TestKeyServerKmip', { keyServerID: 1 }))).toMatch(/^xKeyServer/);
    await clear('keyServer', 'kms1');
    expect(await outcomes()).toEqual(['ok', 'ok']);
    await t.api('TestKeyServerKmip', { keyServerID: 1 });
  });

  it('connection refused, for one node and for everyone', async () => {
    await fault({ scope: 'node', target: '2', fault: 'connectionRefused' });
    expect(await outcomes()).toEqual(['ok', 'refused']);
    expect((await probe(2)).detail).toMatch(/ECONNREFUSED/);
    await clear('node', '2');
    await fault({ scope: 'keyServer', target: 'kms1', fault: 'connectionRefused' });
    expect(await outcomes()).toEqual(['refused', 'refused']);
    await clear('keyServer', 'kms1');
    expect(await outcomes()).toEqual(['ok', 'ok']);
  });

  it('black hole: the connection hangs until the client gives up', async () => {
    await fault({ scope: 'node', target: '1', fault: 'blackHole' });
    const hung = await probe(1);
    expect(hung.outcome).toBe('timeout');
    expect(hung.detail).toMatch(new RegExp(`no TLS session within ${CONNECT_MS} ms`));
    expect((await probe(2)).outcome).toBe('ok');
    await clear('node', '1');
    expect(await outcomes()).toEqual(['ok', 'ok']);
  });

  it('partition of the local site from the key servers: nodes and master cut off; healed, all reach it again', async () => {
    await fault({ scope: 'site', target: 'local', fault: 'partition' });
    expect(await outcomes()).toEqual(['timeout', 'timeout']);
    expect(await elementErrorName(t.api('TestKeyServerKmip', { keyServerID: 1 }))).toMatch(/^xKeyServer/);
    await clear('site', 'local');
    expect(await outcomes()).toEqual(['ok', 'ok']);
  });

  it('latency is added each way: small, the contact is only slower; larger than the timeout allows, it times out', async () => {
    await fault({ scope: 'keyServer', target: 'kms1', fault: 'latency', latencyMs: 20 });
    expect(await outcomes()).toEqual(['ok', 'ok']);
    // A TLS handshake crosses the network at least twice before the client has its session.
    await fault({ scope: 'node', target: '2', fault: 'latency', latencyMs: CONNECT_MS });
    expect(await outcomes()).toEqual(['ok', 'timeout']);
    await expect(t.sim.sim.listNetworkFaults({})).resolves.toEqual({
      faults: [
        { scope: 'keyServer', target: 'kms1', fault: 'latency', latencyMs: 20 },
        { scope: 'node', target: '2', fault: 'latency', latencyMs: CONNECT_MS },
      ],
    });
    await clear('node', '2');
    await clear('keyServer', 'kms1');
    expect(await outcomes()).toEqual(['ok', 'ok']);
    expect(await t.sim.sim.listNetworkFaults({})).toEqual({ faults: [] });
  });

  it('a bad fault is refused with the reason, and nothing changes', async () => {
    const bad: unknown[] = [
      { scope: 'node', target: '9', fault: 'blackHole' },
      { scope: 'node', target: 'one', fault: 'blackHole' },
      { scope: 'keyServer', target: 'kms9', fault: 'blackHole' },
      { scope: 'site', target: 'mars', fault: 'partition' },
      { scope: 'rack', target: '1', fault: 'partition' },
      { scope: 'node', target: '1', fault: 'meteor' },
      { scope: 'node', target: '1', fault: 'latency' },
      { scope: 'node', target: '1', fault: 'latency', latencyMs: -5 },
      { scope: 'node', target: '1', fault: 'blackHole', latencyMs: 5 },
    ];
    for (const f of bad) {
      await expect(t.sim.sim.setNetworkFault(f as NetworkFault)).rejects.toMatchObject({ elementName: 'xInvalidParameter' });
    }
    expect(await t.sim.sim.listNetworkFaults({})).toEqual({ faults: [] });
    expect(await outcomes()).toEqual(['ok', 'ok']);
  });

  it('AdvanceClock refuses a negative, non-finite or absurd jump and changes nothing', async () => {
    const before = await t.sim.sim.getClock({});
    for (const seconds of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e12]) {
      await expect(t.sim.sim.advanceClock({ seconds })).rejects.toMatchObject({ elementName: 'xInvalidParameter' });
    }
    expect((await t.sim.sim.getClock({})).offsetSeconds).toBe(before.offsetSeconds);
  });

  it('AdvanceClock past the client certificate’s expiry: KMIP fails with a certificate error everywhere; a rebooted node stays locked', async () => {
    await waitUnlocked(t.control, [1, 2]);
    const { now } = await t.sim.sim.advanceClock({ seconds: (CLIENT_DAYS + 1) * DAY_S });
    expect(Date.parse(now)).toBeGreaterThan(Date.now() + CLIENT_DAYS * DAY_S * 1000);
    expect((await t.sim.sim.getClock({})).offsetSeconds).toBeGreaterThanOrEqual((CLIENT_DAYS + 1) * DAY_S);
    // In real time the certificate is still good: only the simulation's clock says it expired.
    expect(Date.parse(new X509Certificate(clientCertificate).validTo)).toBeGreaterThan(Date.now());

    // Each node's clock follows the master's (`clock` event); the key server judges the client certificate on it.
    for (const nodeID of [1, 2]) {
      const result = await waitFor(`node ${nodeID}'s KMIP contact to fail`, async () => {
        const r = await probe(nodeID);
        return r.outcome === 'ok' ? undefined : r;
      });
      // The key server refuses the expired client certificate with the TLS alert certificate_expired: `auth`.
      expect({ nodeID, outcome: result.outcome }).toEqual({ nodeID, outcome: 'auth' });
      expect(result.detail).toMatch(/TLS certificate expired/);
    }
    expect(await elementErrorName(t.api('TestKeyServerKmip', { keyServerID: 1 }))).toMatch(/^xKeyServer/);

    await t.sim.sim.powerCycleNode({ nodeID: 1 });
    const locked = await waitFor('node 1 locked after its reboot', async () => {
      const s = await nodeState(t.control, 1);
      return s.node?.phase === 'locked' ? s.node : undefined;
    });
    expect(locked.drives.every((d) => d.locked)).toBe(true);
    expect(locked.unlockError).toMatch(/key server 1: .*certificate expired/);
  });
});
