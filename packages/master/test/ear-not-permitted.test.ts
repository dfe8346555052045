/** EnableEncryptionAtRest / DisableEncryptionAtRest in the wrong state: xAPINotPermitted, nothing changes. */
import { openMaster } from '@ekmsim/master';
import { afterEach, describe, expect, it } from 'vitest';
import { errorName, failure } from './support/cluster.js';
import { openEarCluster, waitForState, waitUntil, type EarCluster } from './support/ear-cluster.js';
import { Gate } from './support/fake-nodes.js';
import { clock, rng, scratchDir, removeDir } from './support/site.js';

let c: EarCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('xAPINotPermitted', () => {
  it('during a transition, both calls are refused with what is going on', async () => {
    c = await openEarCluster({ nodes: 2 });
    const gate = new Gate();
    c.fake.node(2).gates.applyGeneration = gate;
    await c.master.enableEncryptionAtRest({});
    await waitUntil(() => gate.reached, 'apply running');
    expect(await failure(c.master.enableEncryptionAtRest({}))).toEqual({
      name: 'xAPINotPermitted',
      message: 'Encryption at rest is being enabled (step apply); wait until GetEncryptionAtRestInfo reports enabled',
    });
    expect(await errorName(c.master.disableEncryptionAtRest())).toBe('xAPINotPermitted');
    gate.release();
    await waitForState(c.master, 'enabled');

    const again = new Gate();
    c.fake.node(1).gates.applyGeneration = again;
    await c.master.disableEncryptionAtRest();
    await waitUntil(() => again.reached, 'disable applying');
    expect((await failure(c.master.disableEncryptionAtRest())).message).toBe(
      'Encryption at rest is being disabled (step apply); wait until GetEncryptionAtRestInfo reports disabled',
    );
    expect(await errorName(c.master.enableEncryptionAtRest({}))).toBe('xAPINotPermitted');
    again.release();
    await waitForState(c.master, 'disabled');
  });

  it('enable when enabled, disable when disabled', async () => {
    c = await openEarCluster({ nodes: 2 });
    expect(await failure(c.master.disableEncryptionAtRest())).toEqual({ name: 'xAPINotPermitted', message: 'Encryption at rest is not enabled' });
    await c.master.enableEncryptionAtRest({});
    await waitForState(c.master, 'enabled');
    expect(await failure(c.master.enableEncryptionAtRest({}))).toEqual({ name: 'xAPINotPermitted', message: 'Encryption at rest is already enabled' });
    expect(c.master.getEncryptionAtRestInfo().state).toBe('enabled');
  });

  it('internal keys need at least k nodes (k = shamirThreshold)', async () => {
    c = await openEarCluster({ nodes: 1 });
    expect(await failure(c.master.enableEncryptionAtRest({}))).toEqual({
      name: 'xAPINotPermitted',
      message: 'Internal key management splits the authentication key so that any 2 nodes rebuild it; the cluster has 1 node',
    });
    expect(c.master.getEncryptionAtRestInfo()).toEqual({ state: 'disabled' });
    await c.close();

    c = await openEarCluster({ nodes: 2, shamirThreshold: 3 });
    expect((await failure(c.master.enableEncryptionAtRest({}))).message).toContain('any 3 nodes rebuild it; the cluster has 2 nodes');
    await c.close();

    c = await openEarCluster({ nodes: 3, shamirThreshold: 3 });
    await c.master.enableEncryptionAtRest({});
    await waitForState(c.master, 'enabled');
    expect([...c.fake.node(1).generations.values()][0]).toMatchObject({ threshold: 3, shareCount: 3 });
  });

  it('refuses a shamirThreshold below 2', async () => {
    const dataDir = scratchDir();
    try {
      expect(await errorName(openMaster({ dataDir, clock, rng, shamirThreshold: 1 }))).toBe('xInvalidParameter');
      expect(await errorName(openMaster({ dataDir, clock, rng, shamirThreshold: 2.5 }))).toBe('xInvalidParameter');
    } finally {
      removeDir(dataDir);
    }
  });

  it('a cluster without nodes has nothing to key: the calls return with the change committed', async () => {
    c = await openEarCluster({ nodes: 0 });
    await c.master.enableEncryptionAtRest({});
    expect(c.master.getEncryptionAtRestInfo().state).toBe('enabled');
    await c.master.disableEncryptionAtRest();
    expect(c.master.getEncryptionAtRestInfo().state).toBe('disabled');
  });
});
