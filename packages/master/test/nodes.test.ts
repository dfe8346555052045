/** The node fabric: joins, links, cached states, calls, and the node views of the Element API. */
import { SimulatedClock } from '@ekmsim/core';
import { MASTER_ERROR_CODES, memoryChannelPair, nodePeer, WireError, type NodeHandlers } from '@ekmsim/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from './support/cluster.js';
import { openEarCluster, waitUntil, type EarCluster } from './support/ear-cluster.js';
import { FakeNode } from './support/fake-nodes.js';
import { rng } from './support/site.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let c: EarCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

/** A node end that serves nothing: for calls a well-behaved node would not make. */
function bareNode(): NodeHandlers {
  const no = (): never => {
    throw new Error('not served');
  };
  return {
    generateInternalKey: no, storeGeneration: no, checkExternalKey: no, sealShare: no, applyGeneration: no,
    commitGeneration: no, getState: no, writeBlocks: no, readBlocks: no, readRawMedia: no, secureEraseDrive: no, probeKeyServers: no,
    events: { peerOnline: () => undefined, clock: () => undefined },
  };
}

describe('joining', () => {
  it('registers each node once, answers the master key, tells the others, and lists every node', async () => {
    c = await openEarCluster({ nodes: 3 });
    const { master, fake } = c;
    expect(master.nodes.listNodes().map((n) => [n.nodeID, n.online, n.state?.phase])).toEqual([
      [1, true, 'ready'],
      [2, true, 'ready'],
      [3, true, 'ready'],
    ]);
    const key = fake.node(1).masterPublicKey;
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fake.nodes.every((n) => n.masterPublicKey === key)).toBe(true);
    // Node 1 saw 2 and 3 join; node 3 joined last and saw nobody.
    await waitUntil(() => fake.node(1).peerOnlineSeen.length === 2, 'peerOnline events');
    expect(fake.node(1).peerOnlineSeen).toEqual([2, 3]);
    expect(fake.node(3).peerOnlineSeen).toEqual([]);
    // The master key survives a restart.
    c.fake.disconnectAll();
    const reopened = await c.restart();
    await fake.node(1).connect(reopened);
    expect(fake.node(1).masterPublicKey).toBe(key);
    expect(reopened.nodes.listNodes().map((n) => [n.nodeID, n.online])).toEqual([[1, true], [2, false], [3, false]]);
  });

  it('answers the join before anything that follows from it', async () => {
    c = await openEarCluster({ nodes: 1 });
    await waitUntil(() => c!.fake.node(1).commits.length === 1, 'commit at join');
    const out = c.fake.wire.filter((w) => w.direction === 'out').map((w) => JSON.parse(w.text) as { t: string; m?: string });
    expect(out[0]?.t).toBe('res');
    expect(out[1]).toMatchObject({ t: 'req', m: 'commitGeneration' });
    expect(c.fake.node(1).commits).toEqual([null]);
  });

  it('a second join with the same nodeID replaces the old link', async () => {
    c = await openEarCluster({ nodes: 2 });
    const { master } = c;
    const twin = new FakeNode({ nodeID: 1, clock: new SimulatedClock(), rng });
    await twin.connect(master);
    await waitUntil(() => !c!.fake.node(1).online, 'old link closed');
    expect(master.nodes.listNodes().find((n) => n.nodeID === 1)?.online).toBe(true);
    await master.nodes.call(1, 'getState', {});
    expect(twin.calls.get('getState')).toBe(1);
    expect(c.fake.node(1).calls.get('getState')).toBeUndefined();
    twin.disconnect();
  });

  it('refuses a join whose state is another node\'s, registering nothing', async () => {
    c = await openEarCluster({ nodes: 0 });
    const [masterEnd, nodeEnd] = memoryChannelPair();
    c.master.nodes.accept(masterEnd);
    const peer = nodePeer({ channel: nodeEnd, clock: new SimulatedClock(), handlers: bareNode() });
    const state = new FakeNode({ nodeID: 5, clock: new SimulatedClock(), rng }).state();
    const refused = await peer.call('join', { nodeID: 4, publicKey: 'AAAA', state }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WireError);
    expect((refused as WireError).remoteCode).toBe(MASTER_ERROR_CODES.badRequest);
    const early = await peer.call('gatherShares', { generation: 1 }).catch((e: unknown) => e);
    expect((early as WireError).remoteCode).toBe(MASTER_ERROR_CODES.unknownNode);
    expect(c.master.nodes.listNodes()).toEqual([]);
    expect(c.master.listDrives()).toEqual([]);
    peer.close();
  });
});

describe('links and states', () => {
  it('a closed link leaves the node offline with its last state; status events update it', async () => {
    c = await openEarCluster({ nodes: 2 });
    const { master, fake } = c;
    fake.node(2).drives[1]!.locked = true;
    fake.node(2).reportStatus();
    await waitUntil(() => master.nodes.listNodes()[1]?.state?.drives[1]?.locked === true, 'status applied');
    fake.node(2).disconnect();
    await waitUntil(() => master.nodes.listNodes()[1]?.online === false, 'offline');
    expect(master.nodes.listNodes()[1]?.state?.drives[1]?.locked).toBe(true);
    expect(await failure(master.nodes.call(2, 'getState', {}))).toEqual({ name: 'xSimNodeOffline', message: 'Node 2 is offline' });
    expect(await failure(master.nodes.call(9, 'getState', {}))).toEqual({ name: 'xSimNodeDoesNotExist', message: 'Node 9 is not in the cluster' });
  });

  it('whenAllReady waits for every known node to be online and ready', async () => {
    c = await openEarCluster({ nodes: 2 });
    const { master, fake } = c;
    await master.nodes.whenAllReady();
    fake.node(2).disconnect();
    await waitUntil(() => !master.nodes.listNodes()[1]!.online, 'offline');
    let ready = false;
    const waiting = master.nodes.whenAllReady().then(() => (ready = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toBe(false);
    await fake.node(2).connect(master);
    await waiting;
    expect(ready).toBe(true);
  });
});

describe('node views', () => {
  it('ListActiveNodes / ListAllNodes: every registered node, online or not', async () => {
    c = await openEarCluster({ nodes: 2 });
    c.fake.node(2).disconnect();
    const nodes = c.master.listActiveNodes();
    expect(nodes).toHaveLength(2);
    expect(nodes[0]).toEqual({
      nodeID: 1,
      name: 'ekmsim-node1',
      associatedMasterServiceID: 1,
      associatedFServiceID: 0,
      fibreChannelTargetPortGroup: null,
      attributes: {},
      chassisName: 'ekmsim-node1',
      customProtectionDomainName: '',
      nodeSlot: '',
      maintenanceMode: 'Disabled',
      mip: '10.1.0.1',
      mipi: 'Bond1G',
      sip: '10.2.0.1',
      sipi: 'Bond10G',
      cip: '10.3.0.1',
      cipi: 'Bond10G',
      platformInfo: { chassisType: 'H610S', cpuModel: expect.any(String) as unknown, nodeMemoryGB: 256, nodeType: 'H610S-2F', platformConfigVersion: '12.3.0.958' },
      role: 'Storage',
      softwareVersion: '12.3.0.958',
      uuid: expect.stringMatching(UUID_V4) as unknown,
      virtualNetworks: [],
    });
    expect(nodes[0]!.uuid).not.toBe(nodes[1]!.uuid);
    expect(c.master.listAllNodes()).toEqual({ nodes, pendingNodes: [], pendingActiveNodes: [] });
  });

  it('ListDriveHardware: per node, from what the node reported', async () => {
    c = await openEarCluster({ nodes: 2, drives: 2 });
    c.fake.node(1).drives[1]!.securityEnabled = true;
    c.fake.node(1).drives[1]!.locked = true;
    c.fake.node(1).reportStatus();
    await waitUntil(() => c!.master.listDriveHardware().nodes[0]!.result.driveHardware[1]!.securityLocked, 'status applied');
    const hw = c.master.listDriveHardware();
    expect(hw.nodes.map((n) => [n.nodeID, n.result.driveHardware.map((d) => d.driveID)])).toEqual([[1, [1, 2]], [2, [3, 4]]]);
    expect(hw.nodes[0]!.result.driveHardware[1]).toEqual({
      driveID: 2,
      nodeID: 1,
      slot: 1,
      serial: 'SN1-1',
      product: 'SAMSUNG MZWLL1T9HAJQ-00005',
      vendor: 'SAMSUNG',
      version: 'GPNA9B3Q',
      size: 1_920_383_410_176,
      name: 'nvme1n1',
      path: '/dev/nvme1n1',
      uuid: expect.stringMatching(UUID_V4) as unknown,
      securitySupported: true,
      securityEnabled: true,
      securityLocked: true,
      securityFrozen: false,
      securityAtMaximum: false,
      driveEncryptionCapability: 'fips',
      driveType: 'Block',
    });
    expect(hw.nodes[1]!.result.driveHardware[0]).toMatchObject({ driveType: 'Slice', securityEnabled: false, securityLocked: false });
  });
});
