/**
 * probeKeyServers against the real mock key server (`eks`) over mutual TLS: every key server of
 * the node's newest external generation is contacted with DiscoverVersions, each host name in
 * order, and each outcome is named as the cluster's fault checks need it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureRng, seededRng, SimulationClock, systemClock, utf8Encode } from '@ekmsim/core';
import { startKeyServer, type KeyServer } from '@ekmsim/eks';
import { createCa, issueClientCertificate, issueServerCertificate, type CertAndKey } from '@ekmsim/pki';
import { seal, type ExternalGenerationRecord, type KmipServerConfig } from '@ekmsim/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster } from './support/cluster.js';

const rng = seededRng(7);
const DAY_MS = 86_400_000;
let ca: CertAndKey;
let otherCa: CertAndKey;
let identity: CertAndKey;
let server: KeyServer;
let serverDir: string;
let silent: Server;
const held: Socket[] = [];
let silentPort: number;
let closedPort: number;

async function listen(s: Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

beforeAll(async () => {
  const clock = systemClock();
  ca = await createCa({ commonName: 'ekmsim probe test CA', clock, rng });
  otherCa = await createCa({ commonName: 'some other CA', clock, rng });
  const tls = await issueServerCertificate({ ca, commonName: 'localhost', sans: ['localhost', '127.0.0.1'], clock, rng });
  identity = await issueClientCertificate({ ca, commonName: 'cluster-probe', organizationalUnit: 'SolidFire', clock, rng });
  serverDir = mkdtempSync(join(tmpdir(), 'ekmsim-node-probe-'));
  server = await startKeyServer({ host: '127.0.0.1', port: 0, tls: { certPem: tls.certPem, keyPem: tls.keyPem, caPem: ca.certPem }, dataDir: serverDir, clock, rng: secureRng() });
  silent = createServer((socket) => held.push(socket)); // accepts, never answers a TLS hello
  silentPort = await listen(silent);
  const closed = createServer();
  closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  await server.close();
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  rmSync(serverDir, { recursive: true, force: true });
});

function keyServer(keyServerID: number, hostnames: string[], extra: Partial<KmipServerConfig> = {}): KmipServerConfig {
  return { keyServerID, hostnames, port: server.port, caCertificate: ca.certPem, ...extra };
}

function record(cluster: TestCluster, nodeID: number, generation: number, servers: KmipServerConfig[]): ExternalGenerationRecord {
  return {
    mode: 'external',
    generation,
    keyProviderID: 1,
    keyID: '5f1c4c38-1c2a-4f4e-9a53-0a1b2c3d4e5f',
    kmipUniqueIdentifier: '1',
    servers,
    clientCertificate: identity.certPem,
    clientKey: seal(utf8Encode(identity.keyPem), { id: `node-${nodeID}`, publicKey: cluster.master.link(nodeID).publicKey }, `client-key/${generation}`, rng),
    akCheck: null,
  };
}

/** A node on a simulation clock over real time, so KMIP timeouts fire by themselves. */
async function realTimeNode(nodes = 1): Promise<{ cluster: TestCluster; clock: SimulationClock }> {
  const cluster = new TestCluster();
  const clock = new SimulationClock(systemClock());
  for (let id = 1; id <= nodes; id++) await cluster.powerOn(id, { clock, kmipTimeouts: { connectMs: 500, requestMs: 2_000 } });
  for (let id = 1; id <= nodes; id++) await cluster.waitForPhase(id, 'ready');
  return { cluster, clock };
}

describe('probeKeyServers', () => {
  it('without an external generation there is nothing to probe', async () => {
    const { cluster } = await realTimeNode(2);
    expect(await cluster.master.call(1, 'probeKeyServers', {})).toEqual({ results: [] });
    await cluster.enableInternal(1, [1, 2]);
    expect(await cluster.master.call(1, 'probeKeyServers', {})).toEqual({ results: [] });
  });

  it('names each key server’s outcome: ok, lookup, refused, timeout, tls, and fails over between host names', async () => {
    const { cluster } = await realTimeNode();
    const servers = [
      keyServer(1, ['localhost']),
      keyServer(2, ['kms.invalid']),
      keyServer(3, ['127.0.0.1'], { port: closedPort }),
      keyServer(4, ['127.0.0.1'], { port: silentPort }),
      keyServer(5, ['localhost'], { caCertificate: otherCa.certPem }),
      keyServer(6, ['kms.invalid', '127.0.0.1']),
    ];
    await cluster.master.call(1, 'storeGeneration', { record: record(cluster, 1, 1, servers) });
    const { results } = await cluster.master.call(1, 'probeKeyServers', {});
    expect(results.map((r) => [r.keyServerID, r.outcome])).toEqual([
      [1, 'ok'],
      [2, 'lookup'],
      [3, 'refused'],
      [4, 'timeout'],
      [5, 'tls'],
      [6, 'ok'],
    ]);
    expect(results[0]!.detail).toMatch(/^localhost: DiscoverVersions answered \(.*1\.2/);
    expect(results[1]!.detail).toMatch(/kms\.invalid.*host name lookup failed/);
    expect(results[4]!.detail).toMatch(/unknown ca/);
    expect(results[5]!.detail).toMatch(/^127\.0\.0\.1: DiscoverVersions answered/);
    for (const r of results) expect(r.detail).not.toMatch(/PRIVATE KEY/);
  });

  it('probes the newest generation only', async () => {
    const { cluster } = await realTimeNode();
    await cluster.master.call(1, 'storeGeneration', { record: record(cluster, 1, 1, [keyServer(1, ['localhost'])]) });
    await cluster.master.call(1, 'storeGeneration', { record: record(cluster, 1, 2, [keyServer(7, ['127.0.0.1'], { port: closedPort })]) });
    expect((await cluster.master.call(1, 'probeKeyServers', {})).results.map((r) => [r.keyServerID, r.outcome])).toEqual([[7, 'refused']]);
  });

  it('a node on a simulation clock follows the master’s `clock` event: certificates expire in simulated time', async () => {
    const { cluster, clock } = await realTimeNode();
    await cluster.master.call(1, 'storeGeneration', { record: record(cluster, 1, 1, [keyServer(1, ['localhost'])]) });
    expect((await cluster.master.call(1, 'probeKeyServers', {})).results[0]!.outcome).toBe('ok');
    cluster.master.link(1).peer.emit('clock', { offsetMs: 400 * DAY_MS });
    await expect.poll(() => clock.offsetMs).toBe(400 * DAY_MS);
    const [result] = (await cluster.master.call(1, 'probeKeyServers', {})).results;
    expect(result).toMatchObject({ keyServerID: 1, outcome: 'tls' });
    expect(result!.detail).toMatch(/certificate has expired/);
    // Time does not go back.
    cluster.master.link(1).peer.emit('clock', { offsetMs: 1_000 });
    expect((await cluster.master.call(1, 'probeKeyServers', {})).results[0]!.outcome).toBe('tls');
    expect(clock.offsetMs).toBe(400 * DAY_MS);
  });
});
