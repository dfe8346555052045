/**
 * kmipServerFault (TR-4843 §10.1) from real KMIP contacts: external keys on a real mock key
 * server, probed from the master and from every fake node. Each node and the master dial
 * through a switchable path, so the test can send one source (or all) to a refused port, to a
 * server with a certificate from another CA, or to a KMIP server that answers with an error.
 */
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Dialer } from '@ekmsim/kmip-client';
import type { ClusterFault, Master } from '@ekmsim/master';
import { issueServerCertificate } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addServer, trust } from './support/cluster.js';
import { openEarCluster, waitForState, type EarCluster } from './support/ear-cluster.js';
import { startFakeKmipServer, type FakeKmipServer } from './support/fake-kmip-server.js';
import { clock, closedPort, rng, startSite, type Site } from './support/site.js';

type Path = 'direct' | 'refused' | 'impostor' | 'failing';

let site: Site;
let impostor: Site;
let failing: FakeKmipServer;
let refusedPort: number;
let c: EarCluster;
let keyServerID: number;
const paths = new Map<string, Path>();

/** Dials as `who`'s path says: the real key server, a closed port, or another server on `localhost`. */
function dialer(who: string): Dialer {
  return (o: ConnectionOptions) => {
    const port = { direct: o.port, refused: refusedPort, impostor: impostor.port, failing: failing.port }[paths.get(who) ?? 'direct'];
    return tlsConnect({ ...o, port });
  };
}

beforeAll(async () => {
  site = await startSite();
  // Same host name, a certificate from a CA the cluster does not trust.
  impostor = await startSite();
  const cert = await issueServerCertificate({ commonName: 'localhost', sans: ['localhost'], ca: site.ca, clock, rng });
  failing = await startFakeKmipServer({ cert, caPem: site.ca.certPem }, () => ({ reason: 'OperationNotSupported' }));
  refusedPort = await closedPort();
  c = await openEarCluster({ nodes: 3, clock, kmip: { dialer: dialer('master') } });
  for (const n of c.fake.nodes) n.kmipDialer = dialer(`node ${n.nodeID}`);
  const certificate = await trust(c.master, site);
  keyServerID = (await addServer(c.master, site, certificate)).keyServerID;
  const providerID = (await c.master.createKeyProviderKmip('KMS')).keyProviderID;
  await c.master.addKeyServerToProviderKmip(providerID, keyServerID);
  await c.master.enableEncryptionAtRest({ keyProviderID: providerID });
  await waitForState(c.master, 'enabled');
});

afterAll(async () => {
  await c.close();
  await failing.close();
  await impostor.close();
  await site.close();
});

const serverFaults = (master: Master, faultTypes: 'current' | 'all' = 'current'): ClusterFault[] =>
  master.listClusterFaults({ faultTypes }).filter((f) => f.code === 'kmipServerFault');

async function evaluateWith(set: Record<string, Path>): Promise<ClusterFault[]> {
  paths.clear();
  for (const [who, path] of Object.entries(set)) paths.set(who, path);
  await c.master.evaluateClusterFaults();
  return serverFaults(c.master);
}

describe('kmipServerFault', () => {
  it('none while the master and every node reach the key server', async () => {
    expect(await evaluateWith({})).toEqual([]);
    expect(c.fake.nodes.every((n) => (n.calls.get('probeKeyServers') ?? 0) > 0)).toBe(true);
  });

  it('Connection Failure listing the node that cannot reach the key server when the others can, then resolved', async () => {
    const [fault] = await evaluateWith({ 'node 2': 'refused' });
    expect(fault).toMatchObject({
      code: 'kmipServerFault',
      severity: 'critical',
      type: 'cluster',
      nodeID: 2,
      resolved: false,
      data: { keyServerID, failure: 'connection', nodeIDs: [2], clusterMaster: false },
    });
    expect(fault?.details).toMatch(/^Connection Failure: node 2 cannot reach key server 1 \(eks-1\); the others can \(.*(refused|ECONNREFUSED).*\)\. Troubleshoot the network or the node\(s\) listed\.$/i);

    // Another node joins it: the same fault now lists both.
    const [both] = await evaluateWith({ 'node 2': 'refused', 'node 3': 'refused' });
    expect(both?.clusterFaultID).toBe(fault?.clusterFaultID);
    expect(both?.details).toMatch(/^Connection Failure: nodes 2, 3 cannot reach key server 1 \(eks-1\); the others can/);
    expect(both?.nodeID).toBe(0);

    expect(await evaluateWith({})).toEqual([]);
    const resolved = serverFaults(c.master, 'all').find((f) => f.clusterFaultID === fault?.clusterFaultID);
    expect(resolved).toMatchObject({ resolved: true, resolvedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/) as unknown });
  });

  it('Connection Failure naming the key server when no node reaches it', async () => {
    const all = { master: 'refused', 'node 1': 'refused', 'node 2': 'refused', 'node 3': 'refused' } as const;
    const [fault] = await evaluateWith(all);
    expect(fault?.details).toMatch(/^Connection Failure: key server 1 \(eks-1\) cannot be reached from any node \(/);
    expect(fault?.data).toMatchObject({ nodeIDs: [1, 2, 3], clusterMaster: true });
    expect(await evaluateWith({})).toEqual([]);
  });

  it('Authentication Failure when the server\'s certificate is not from the configured CA', async () => {
    const faults = await evaluateWith({ master: 'impostor', 'node 1': 'impostor' });
    expect(faults).toHaveLength(1);
    expect(faults[0]?.details).toMatch(
      /^Authentication Failure: key server 1 \(eks-1\) from the cluster master and node 1 \(KMIP_ERROR_IO: .*\)\. Check that the correct root CA and KMIP client certificates are used/,
    );
    expect(faults[0]?.data).toMatchObject({ failure: 'authentication', nodeIDs: [1], clusterMaster: true });
    expect(c.logger.at('OpenSSL').some((m) => m.startsWith('OpenSSL error stack: ssl3_get_server_certificate:certificate verify failed'))).toBe(true);
    expect(await evaluateWith({})).toEqual([]);
  });

  it('Server Error with the server\'s detail when the server answers with a KMIP error', async () => {
    const [fault] = await evaluateWith({ master: 'failing', 'node 3': 'failing' });
    expect(fault?.details).toMatch(/^Server Error: key server 1 \(eks-1\) \(the key server answered OperationFailed\/OperationNotSupported: fake: OperationNotSupported\)/);
    expect(fault?.data).toMatchObject({ failure: 'server' });
    expect(await evaluateWith({})).toEqual([]);
  });

  it('separate faults for separate kinds of failure, each resolving on its own', async () => {
    const faults = await evaluateWith({ 'node 1': 'refused', 'node 2': 'impostor' });
    expect(faults.map((f) => (f.data as { failure: string }).failure).sort()).toEqual(['authentication', 'connection']);
    const left = await evaluateWith({ 'node 1': 'refused' });
    expect(left.map((f) => (f.data as { failure: string }).failure)).toEqual(['connection']);
    expect(await evaluateWith({})).toEqual([]);
  });

  it('the health checks log failures like any contact, and success only at debug', () => {
    const ks = c.logger.lines.filter((l) => l.fields?.component === 'KS');
    expect(ks.some((l) => l.level === 'error' && /health check failed: xKeyServerUnavailable: KMIP_ERROR_IO/.test(l.message))).toBe(true);
    expect(ks.filter((l) => l.message.includes('health check succeeded')).every((l) => l.level === 'debug')).toBe(true);
  });
});
