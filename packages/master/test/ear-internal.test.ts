/**
 * EnableEncryptionAtRest with internal keys across fake nodes: the generation's shares reach
 * every node sealed, the drives move to the new generation, and the transition survives nodes
 * going away and the master restarting at any step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { errorName } from './support/cluster.js';
import { openEarCluster, storedEarRecord, waitForState, waitUntil, type EarCluster } from './support/ear-cluster.js';
import { Gate } from './support/fake-nodes.js';

let c: EarCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('internal keys, every node online', () => {
  it('goes enabling → enabled: one generator, a sealed share per node, every drive at the new generation', async () => {
    c = await openEarCluster({ nodes: 3 });
    const { master, fake } = c;
    const gate = new Gate();
    fake.node(2).gates.applyGeneration = gate;
    await master.enableEncryptionAtRest({});
    expect(master.getClusterInfo().encryptionAtRestState).toBe('enabling');
    expect(master.getEncryptionAtRestInfo()).toEqual({ state: 'enabling' });
    await waitUntil(() => gate.reached, 'node 2 asked to apply');
    expect(master.getEncryptionAtRestInfo().state).toBe('enabling');
    gate.release();
    await waitForState(master, 'enabled');

    const info = master.getEncryptionAtRestInfo();
    expect(info.authenticationKeyInfo).toEqual({ keyManagementType: 'internal', keyCreatedTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown });
    expect(master.getClusterInfo().encryptionAtRestState).toBe('enabled');
    // Node 1 (lowest ID) generated; nobody else did.
    expect(fake.nodes.map((n) => n.calls.get('generateInternalKey') ?? 0)).toEqual([1, 0, 0]);
    for (const n of fake.nodes) {
      const records = [...n.generations.values()];
      expect(records).toHaveLength(1);
      const record = records[0]!;
      expect(record).toMatchObject({ mode: 'internal', threshold: 2, shareCount: 3 });
      if (record.mode === 'internal') expect(record.share.to).toBe(`node-${n.nodeID}`);
      expect(n.drives.every((d) => d.keyGeneration === record.generation)).toBe(true);
      expect(n.commits.at(-1)).toBe(record.generation);
    }
    // Each node rebuilt the AK from its own share plus one sealed to it by a peer.
    expect(fake.nodes.reduce((sum, n) => sum + (n.calls.get('sealShare') ?? 0), 0)).toBeGreaterThanOrEqual(3);
    const ear = c.logger.at('EAR');
    expect(ear.some((m) => m.startsWith('Distributing generation'))).toBe(true);
    expect(ear.some((m) => m.startsWith('Encryption at rest enabled with internal key management'))).toBe(true);
  });

  it('the generator keeps no share of its own making: its share arrives in its record like everyone else\'s', async () => {
    c = await openEarCluster({ nodes: 2 });
    const { master, fake } = c;
    const gate = new Gate();
    fake.node(1).gates.storeGeneration = gate;
    await master.enableEncryptionAtRest({});
    await waitUntil(() => gate.reached, 'records being stored');
    // generateInternalKey answered; the generator holds nothing until its record is stored.
    expect(fake.node(1).calls.get('generateInternalKey')).toBe(1);
    expect(fake.node(1).generations.size).toBe(0);
    gate.release();
    await waitForState(master, 'enabled');
    expect(fake.node(1).generations.size).toBe(1);
  });

  it('disables: every drive back to the MSID, every node forgets its generations', async () => {
    c = await openEarCluster({ nodes: 3 });
    const { master, fake } = c;
    await master.enableEncryptionAtRest({});
    await waitForState(master, 'enabled');
    const gate = new Gate();
    fake.node(3).gates.applyGeneration = gate;
    await master.disableEncryptionAtRest();
    expect(master.getClusterInfo().encryptionAtRestState).toBe('disabling');
    expect(master.getEncryptionAtRestInfo().state).toBe('disabling');
    await waitUntil(() => gate.reached, 'node 3 asked');
    gate.release();
    await waitForState(master, 'disabled');
    expect(master.getEncryptionAtRestInfo()).toEqual({ state: 'disabled' });
    for (const n of fake.nodes) {
      expect(n.drives.every((d) => d.keyGeneration === null)).toBe(true);
      expect(n.generations.size).toBe(0);
      expect(n.commits.at(-1)).toBeNull();
    }
    expect(c.logger.at('EAR')).toContain('Encryption at rest disabled');
  });

  it('uses a new generation each time', async () => {
    c = await openEarCluster({ nodes: 2 });
    const { master, fake } = c;
    await master.enableEncryptionAtRest({});
    await waitForState(master, 'enabled');
    const first = [...fake.node(1).generations.keys()][0]!;
    await master.disableEncryptionAtRest();
    await waitForState(master, 'disabled');
    await master.enableEncryptionAtRest({});
    await waitForState(master, 'enabled');
    const second = [...fake.node(1).generations.keys()][0]!;
    expect(second).toBeGreaterThan(first);
    expect(fake.node(2).drives.every((d) => d.keyGeneration === second)).toBe(true);
  });
});

describe('nodes that are not there', () => {
  it('a node offline during apply delays the commit until it joins; only it is asked again', async () => {
    c = await openEarCluster({ nodes: 3 });
    const { master, fake } = c;
    fake.node(3).dropOnApply = true;
    await master.enableEncryptionAtRest({});
    await waitUntil(() => !fake.node(3).online && fake.node(1).drives.every((d) => d.keyGeneration !== null) && fake.node(2).drives.every((d) => d.keyGeneration !== null), 'nodes 1, 2 applied, node 3 gone');
    await waitUntil(() => c!.logger.at('EAR').some((m) => m.startsWith('EAR step apply did not finish')), 'the apply step failed');
    // Nothing moves on its own: the simulated clock is not advanced, and node 3 is away.
    expect(master.getEncryptionAtRestInfo().state).toBe('enabling');
    expect(master.nodes.listNodes().find((n) => n.nodeID === 3)?.online).toBe(false);

    await fake.node(3).connect(master);
    await waitForState(master, 'enabled');
    expect(fake.nodes.map((n) => n.calls.get('applyGeneration'))).toEqual([1, 1, 2]);
    const generation = [...fake.node(3).generations.keys()][0];
    expect(fake.node(3).drives.every((d) => d.keyGeneration === generation)).toBe(true);
  });

  it('distribute waits for every node: a node off at the start gets its share once it joins', async () => {
    c = await openEarCluster({ nodes: 3 });
    const { master, fake } = c;
    fake.node(2).disconnect();
    await master.enableEncryptionAtRest({});
    await waitUntil(() => c!.logger.at('EAR').some((m) => m.startsWith('EAR step distribute did not finish')), 'distribute failed');
    expect(fake.nodes.map((n) => n.calls.get('generateInternalKey') ?? 0)).toEqual([0, 0, 0]);
    await fake.node(2).connect(master);
    await waitForState(master, 'enabled');
    expect(fake.nodes.every((n) => n.generations.size === 1)).toBe(true);
  });

  it('a master restarted during apply resumes at apply with the same generation (no new key)', async () => {
    c = await openEarCluster({ nodes: 3 });
    const { fake } = c;
    fake.node(3).dropOnApply = true;
    await c.master.enableEncryptionAtRest({});
    await waitUntil(() => c!.logger.at('EAR').some((m) => m.startsWith('EAR step apply did not finish')), 'apply failed on node 3');
    const generation = [...fake.node(1).generations.keys()][0]!;

    await c.master.close();
    expect(fake.nodes.every((n) => !n.online)).toBe(true);
    const stored = storedEarRecord(c.dataDir);
    expect(stored).toMatchObject({ version: 2, state: 'disabled', transition: { kind: 'enable', step: 'apply', members: [1, 2, 3], target: { generation, mode: 'internal', threshold: 2 } } });

    const reopened = await c.restart();
    expect(reopened.getEncryptionAtRestInfo().state).toBe('enabling');
    expect(await errorName(reopened.enableEncryptionAtRest({}))).toBe('xAPINotPermitted');
    await fake.node(1).connect(reopened);
    await fake.node(2).connect(reopened);
    expect(reopened.getEncryptionAtRestInfo().state).toBe('enabling');
    await fake.node(3).connect(reopened);
    await waitForState(reopened, 'enabled');
    expect(fake.nodes.map((n) => n.calls.get('generateInternalKey') ?? 0)).toEqual([1, 0, 0]);
    expect(fake.nodes.every((n) => n.drives.every((d) => d.keyGeneration === generation))).toBe(true);
  });

  it('a master restarted during distribute redoes distribute from a new key', async () => {
    c = await openEarCluster({ nodes: 2 });
    const { fake } = c;
    fake.node(2).disconnect();
    await c.master.enableEncryptionAtRest({});
    await waitUntil(() => c!.logger.at('EAR').some((m) => m.startsWith('EAR step distribute did not finish')), 'distribute failed');
    await c.master.close();
    expect(storedEarRecord(c.dataDir)).toMatchObject({ transition: { kind: 'enable', step: 'distribute', members: [] } });
    const reopened = await c.restart();
    await fake.connectAll(reopened);
    await waitForState(reopened, 'enabled');
    expect(fake.node(1).calls.get('generateInternalKey')).toBe(1);
  });

  it('a node that was off at the commit is told the current generation when it joins, and drops the others', async () => {
    c = await openEarCluster({ nodes: 3 });
    const { master, fake } = c;
    await master.enableEncryptionAtRest({});
    await waitForState(master, 'enabled');
    const first = [...fake.node(3).generations.keys()][0]!;
    await master.disableEncryptionAtRest();
    await waitForState(master, 'disabled');
    await master.enableEncryptionAtRest({});
    // Node 3 leaves right after applying the new generation, before the commit reaches it.
    const gate = new Gate();
    fake.node(3).gates.applyGeneration = gate;
    await waitUntil(() => gate.reached, 'node 3 applying');
    gate.release();
    await waitForState(master, 'enabled');
    expect(fake.node(3).generations.has(first)).toBe(false);
    fake.node(3).disconnect();
    // A stale record from an older generation, as a node that missed a commit would still hold.
    fake.node(3).generations.set(first, { ...[...fake.node(3).generations.values()][0]!, generation: first });
    const commitsBefore = fake.node(3).commits.length;
    await fake.node(3).connect(master);
    await waitUntil(() => fake.node(3).commits.length > commitsBefore, 'node 3 told the current generation');
    expect(fake.node(3).generations.has(first)).toBe(false);
    expect(fake.node(3).generations.size).toBe(1);
  });
});
