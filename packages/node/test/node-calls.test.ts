/** The master's key calls with bad input: a precise NODE_ error, and nothing changed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILE } from '@ekmsim/node';
import { WireError, type GenerationRecord, type InternalGenerationRecord } from '@ekmsim/wire';
import { describe, expect, it } from 'vitest';
import { TestCluster } from './support/cluster.js';

const NODES = [1, 2, 3];

async function refusal(call: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  const e = await call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WireError);
  return { code: (e as WireError).remoteCode, message: (e as WireError).message };
}

async function cluster3(): Promise<TestCluster> {
  const cluster = new TestCluster();
  for (const id of NODES) await cluster.powerOn(id);
  return cluster;
}

function stateText(cluster: TestCluster, nodeID: number): string {
  return readFileSync(join(cluster.dataDir(nodeID), STATE_FILE), 'utf8');
}

/** A fresh internal record for every member (not stored). */
async function newRecords(cluster: TestCluster, generation: number): Promise<Map<number, InternalGenerationRecord>> {
  const members = NODES.map((nodeID) => ({ nodeID, publicKey: cluster.master.link(nodeID).publicKey }));
  const { keyCheck, shares } = await cluster.master.call(1, 'generateInternalKey', { generation, threshold: 2, members });
  return new Map(shares.map(({ nodeID, share }) => [nodeID, { mode: 'internal', generation, threshold: 2, shareCount: 3, keyCheck, share }]));
}

describe('generateInternalKey', () => {
  it('returns one sealed share per member, to that member, and a public key check', async () => {
    const cluster = await cluster3();
    const members = NODES.map((nodeID) => ({ nodeID, publicKey: cluster.master.link(nodeID).publicKey }));
    const { keyCheck, shares } = await cluster.master.call(2, 'generateInternalKey', { generation: 4, threshold: 2, members });
    expect(shares.map((s) => [s.nodeID, s.share.to, s.share.purpose])).toEqual([[1, 'node-1', 'share/4'], [2, 'node-2', 'share/4'], [3, 'node-3', 'share/4']]);
    expect(keyCheck).toMatchObject({ kind: 'ekmsim.shamir.keyCheck', threshold: 2, shares: 3, secretLength: 32 });
    expect(cluster.stateFile(2).generations).toEqual([]); // the generator keeps nothing
  });

  it('refuses a member listed twice, a threshold the members cannot meet, and a key that is not X25519', async () => {
    const cluster = await cluster3();
    const m1 = { nodeID: 1, publicKey: cluster.master.link(1).publicKey };
    const m2 = { nodeID: 2, publicKey: cluster.master.link(2).publicKey };
    expect(await refusal(cluster.master.call(1, 'generateInternalKey', { generation: 1, threshold: 2, members: [m1, m1] }))).toEqual({
      code: 'NODE_BAD_REQUEST', message: 'generateInternalKey: members: a node is listed twice',
    });
    expect((await refusal(cluster.master.call(1, 'generateInternalKey', { generation: 1, threshold: 3, members: [m1, m2] }))).message).toMatch(/threshold 3 of 2 members/);
    expect(await refusal(cluster.master.call(1, 'generateInternalKey', { generation: 1, threshold: 2, members: [m1, { nodeID: 2, publicKey: 'AAAA' }] }))).toEqual({
      code: 'NODE_BAD_REQUEST', message: 'generateInternalKey: recipient public key is not 32 bytes',
    });
  });
});

describe('storeGeneration', () => {
  it('refuses a share sealed to another node, a malformed key check, and a threshold the check disagrees with; the state file stays as it was', async () => {
    const cluster = await cluster3();
    const records = await newRecords(cluster, 1);
    const before = stateText(cluster, 1);
    expect(await refusal(cluster.master.call(1, 'storeGeneration', { record: records.get(2)! }))).toEqual({
      code: 'NODE_NO_SHARE', message: "storeGeneration: generation 1: this node's share does not open: sealed box is for node-2, not node-1",
    });
    const mine = records.get(1)!;
    expect((await refusal(cluster.master.call(1, 'storeGeneration', { record: { ...mine, keyCheck: { kind: 'nonsense' } } }))).code).toBe('NODE_BAD_REQUEST');
    expect((await refusal(cluster.master.call(1, 'storeGeneration', { record: { ...mine, threshold: 3 } }))).message).toMatch(/disagrees with its key check/);
    const relabelled = { ...mine, generation: 2 };
    expect((await refusal(cluster.master.call(1, 'storeGeneration', { record: relabelled }))).code).toBe('NODE_NO_SHARE');
    expect(stateText(cluster, 1)).toBe(before);
    await cluster.master.call(1, 'storeGeneration', { record: mine });
    expect(cluster.node(1).state().generations).toEqual([{ generation: 1, mode: 'internal', holdsShare: true }]);
  });

  it('a generation the drives use may be stored again, but not pointed at another key', async () => {
    const cluster = await cluster3();
    await cluster.enableInternal(1, NODES);
    const current = cluster.stateFile(1).generations[0]!;
    await cluster.master.call(1, 'storeGeneration', { record: current });
    const other = await newRecords(cluster, 1);
    expect(await refusal(cluster.master.call(1, 'storeGeneration', { record: other.get(1)! }))).toEqual({
      code: 'NODE_BAD_REQUEST', message: "storeGeneration: generation 1 is in use by this node's drives and this record names another key",
    });
    expect(cluster.stateFile(1).generations).toEqual([current]);
  });

  it(`keeps at most eight generations`, async () => {
    const cluster = await cluster3();
    for (let g = 1; g <= 8; g++) await cluster.master.call(1, 'storeGeneration', { record: (await newRecords(cluster, g)).get(1)! });
    expect((await refusal(cluster.master.call(1, 'storeGeneration', { record: (await newRecords(cluster, 9)).get(1)! }))).message).toBe(
      'storeGeneration: the node already keeps 8 generations; commit one first',
    );
    await cluster.master.call(1, 'commitGeneration', { generation: 8 });
    expect(cluster.stateFile(1).generations.map((g) => g.generation)).toEqual([8]);
  });
});

describe('sealShare, applyGeneration, commitGeneration, checkExternalKey', () => {
  it('name an unknown generation as such and change nothing', async () => {
    const cluster = await cluster3();
    const before = stateText(cluster, 1);
    expect(await refusal(cluster.master.call(1, 'sealShare', { generation: 5, forNodeID: 2, forPublicKey: cluster.master.link(2).publicKey }))).toEqual({
      code: 'NODE_UNKNOWN_GENERATION', message: 'sealShare: this node has no internal record of generation 5',
    });
    expect(await refusal(cluster.master.call(1, 'applyGeneration', { generation: 5 }))).toEqual({
      code: 'NODE_UNKNOWN_GENERATION', message: 'applyGeneration: this node has no record of generation 5',
    });
    expect((await refusal(cluster.master.call(1, 'commitGeneration', { generation: 5 }))).code).toBe('NODE_UNKNOWN_GENERATION');
    expect((await refusal(cluster.master.call(1, 'checkExternalKey', { generation: 5 }))).code).toBe('NODE_UNKNOWN_GENERATION');
    expect(stateText(cluster, 1)).toBe(before);
  });

  it('sealShare seals this node’s share to the node asked for, and only for it', async () => {
    const cluster = await cluster3();
    await cluster.storeInternal(1, NODES);
    const { share } = await cluster.master.call(1, 'sealShare', { generation: 1, forNodeID: 3, forPublicKey: cluster.master.link(3).publicKey });
    expect([share.to, share.purpose]).toEqual(['node-3', 'share/1']);
  });

  it('commit keeps a generation some drive still uses, even when told another is current', async () => {
    const cluster = await cluster3();
    await cluster.enableInternal(1, NODES);
    await cluster.storeInternal(2, NODES);
    await cluster.master.call(1, 'commitGeneration', { generation: 2 });
    expect(cluster.stateFile(1).generations.map((g: GenerationRecord) => g.generation)).toEqual([1, 2]);
    await cluster.master.call(1, 'commitGeneration', { generation: null });
    expect(cluster.stateFile(1).generations.map((g: GenerationRecord) => g.generation)).toEqual([1]);
  });

  it('getState answers what state() says', async () => {
    const cluster = await cluster3();
    await cluster.waitForPhase(1, 'ready');
    expect(await cluster.master.call(1, 'getState', {})).toEqual(cluster.node(1).state());
  });
});
