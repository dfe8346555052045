/**
 * Boot: a node that cannot get the AK stays locked and retries (backoff on the clock, at once
 * when a peer comes online) until it can; a bad share never reaches a drive; a drive left
 * mid-switch by a power loss is found out and finished.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILE, type NodeFile } from '@ekmsim/node';
import type { SealedBox } from '@ekmsim/wire';
import { describe, expect, it, vi } from 'vitest';
import { TestCluster } from './support/cluster.js';
import { admin1Tries, watchDrives } from './support/drive-watch.js';

const NODES = [1, 2, 3];

async function enabledCluster(): Promise<TestCluster> {
  const cluster = new TestCluster();
  for (const id of NODES) await cluster.powerOn(id);
  for (const id of NODES) await cluster.waitForPhase(id, 'ready');
  await cluster.enableInternal(1, NODES);
  return cluster;
}

/** Lets every queued delivery and handler run (nothing here waits on the clock). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

function editStateFile(cluster: TestCluster, nodeID: number, edit: (file: NodeFile) => NodeFile): void {
  writeFileSync(join(cluster.dataDir(nodeID), STATE_FILE), JSON.stringify(edit(cluster.stateFile(nodeID))));
}

function setDrive(file: NodeFile, serial: string, change: Pick<NodeFile['drives'][number], 'keyGeneration' | 'switching'>): NodeFile {
  return { ...file, drives: file.drives.map((d) => (d.serial === serial ? { ...d, ...change } : d)) };
}

describe('a node without its peers', () => {
  it('stays locked, says why, retries with a doubling backoff on the clock, and unlocks by itself when a peer comes online', async () => {
    const cluster = await enabledCluster();
    for (const id of NODES) await cluster.powerOff(id);
    await cluster.powerOn(1);
    let state = await cluster.waitForPhase(1, 'locked');
    expect(state.unlockError).toBe('drive SIM-N001-S00: generation 1 needs 2 shares, has 1 (and 1 more drive)');
    expect(state.unlockAttempts).toBe(1);
    expect(state.drives.every((d) => d.locked)).toBe(true);
    expect(cluster.master.reported(1)).toEqual(state);

    cluster.master.clock.advance(999);
    await settle();
    expect(cluster.node(1).state().unlockAttempts).toBe(1);
    cluster.master.clock.advance(1);
    await vi.waitFor(() => expect(cluster.node(1).state()).toMatchObject({ unlockAttempts: 2, phase: 'locked' }));
    cluster.master.clock.advance(1999);
    await settle();
    expect(cluster.node(1).state().unlockAttempts).toBe(2);
    cluster.master.clock.advance(1);
    await vi.waitFor(() => expect(cluster.node(1).state()).toMatchObject({ unlockAttempts: 3, phase: 'locked' }));

    await cluster.powerOn(2); // the master tells node 1: peerOnline
    state = await cluster.waitForPhase(1, 'ready');
    expect(state).toMatchObject({ unlockError: null, unlockAttempts: 4 });
    expect(state.drives.every((d) => !d.locked)).toBe(true);
    await cluster.waitForPhase(2, 'ready');
  });

  it('a node whose master link is gone stops: drives powered off, state kept', async () => {
    const cluster = await enabledCluster();
    const node = cluster.node(3);
    cluster.master.link(3).peer.close();
    await node.stopped;
    expect(node.state().phase).toBe('ready');
    await cluster.powerOn(3);
    await cluster.waitForPhase(3, 'ready');
  });
});

describe('bad shares', () => {
  it('a share of another split is left out: the node stays locked and never burns a drive Try, then unlocks once real shares come', async () => {
    const drives = watchDrives();
    const cluster = await enabledCluster();
    // Another split of "generation 1", sealed properly to each node: it opens, decodes, and does not verify.
    const members = NODES.map((nodeID) => ({ nodeID, publicKey: cluster.master.link(nodeID).publicKey }));
    const foreign = await cluster.master.call(3, 'generateInternalKey', { generation: 1, threshold: 2, members });
    cluster.master.shareFilter = (requester): SealedBox[] => foreign.shares.filter((s) => s.nodeID === requester).map((s) => s.share);
    await cluster.powerOff(1);
    await cluster.powerOn(1);
    let state = await cluster.waitForPhase(1, 'locked');
    expect(state.unlockError).toBe('drive SIM-N001-S00: generation 1 needs 2 shares, has 1 (and 1 more drive)');
    // Six attempts: had any of them sent a wrong key, the drives' Admin1 (TryLimit 5) would be locked out.
    for (let attempt = 2; attempt <= 6; attempt++) {
      cluster.master.clock.advance(30_000);
      await vi.waitFor(() => expect(cluster.node(1).state().unlockAttempts).toBe(attempt));
    }
    state = cluster.node(1).state();
    expect(state.phase).toBe('locked');
    expect(state.drives.map((d) => d.atMaximum)).toEqual([false, false]);
    expect(cluster.serials(1).map((serial) => admin1Tries(drives.get(serial)))).toEqual([0, 0]);

    cluster.master.shareFilter = undefined;
    cluster.master.clock.advance(30_000);
    state = await cluster.waitForPhase(1, 'ready');
    expect(state.drives.map((d) => d.locked)).toEqual([false, false]);
  });

  it('a share sealed to another node, or altered on the way, is left out the same way', async () => {
    const cluster = await enabledCluster();
    cluster.master.shareFilter = (requester, shares): SealedBox[] =>
      shares.map((s, i) => (i === 0 ? { ...s, to: `node-${requester === 1 ? 2 : 1}` } : { ...s, ciphertext: Buffer.from('x'.repeat(80)).toString('base64') }));
    await cluster.powerOff(1);
    await cluster.powerOn(1);
    const state = await cluster.waitForPhase(1, 'locked');
    expect(state.unlockError).toMatch(/generation 1 needs 2 shares, has 1/);
  });
});

describe('a drive left mid-switch by a power loss', () => {
  it('enable interrupted after the PIN change: the target PIN opens it, the record is corrected', async () => {
    const cluster = await enabledCluster();
    const [serial] = cluster.serials(1);
    await cluster.powerOff(1);
    editStateFile(cluster, 1, (f) => setDrive(f, serial!, { keyGeneration: null, switching: { from: null, to: 1 } }));
    await cluster.powerOn(1);
    expect(cluster.master.link(1).reports[0]!.drives[0]).toMatchObject({ keyGeneration: null, switching: { from: null, to: 1 } });
    const state = await cluster.waitForPhase(1, 'ready');
    expect(state.drives[0]).toMatchObject({ keyGeneration: 1, switching: null, locked: false, securityEnabled: true });
    expect(cluster.stateFile(1).drives[0]).toMatchObject({ keyGeneration: 1, switching: null });
  });

  it('rekey interrupted before the PIN change: the old PIN opens it, and the rekey is finished', async () => {
    const cluster = await enabledCluster();
    await cluster.storeInternal(2, NODES, 2);
    const [serial] = cluster.serials(1);
    await cluster.powerOff(1);
    editStateFile(cluster, 1, (f) => setDrive(f, serial!, { keyGeneration: 1, switching: { from: 1, to: 2 } }));
    await cluster.powerOn(1);
    const state = await cluster.waitForPhase(1, 'ready');
    expect(state.drives.map((d) => [d.keyGeneration, d.switching, d.locked])).toEqual([[2, null, false], [1, null, false]]);
    await cluster.powerOff(1);
    const drive = cluster.openDrive(1, serial!);
    drive.lockUnlock('Admin1', cluster.rebuildAk(2, [1, 2]), 'RW');
    drive.powerOff();
  });

  it('disable interrupted between locking off and the PIN change: the old PIN opens it, and the disable is finished', async () => {
    const cluster = await enabledCluster();
    const [serial] = cluster.serials(2);
    await cluster.powerOff(2);
    const ak = cluster.rebuildAk(1, NODES);
    const drive = cluster.openDrive(2, serial!);
    drive.setupLockingRange('Admin1', ak, { readLockEnabled: false, writeLockEnabled: false, lockOnReset: [] });
    drive.powerOff();
    editStateFile(cluster, 2, (f) => setDrive(f, serial!, { keyGeneration: 1, switching: { from: 1, to: null } }));
    await cluster.powerOn(2);
    const state = await cluster.waitForPhase(2, 'ready');
    expect(state.drives[0]).toMatchObject({ keyGeneration: null, switching: null, securityEnabled: false, locked: false });
    expect(state.drives[1]).toMatchObject({ keyGeneration: 1, locked: false });
    await cluster.powerOff(2);
    const after = cluster.openDrive(2, serial!);
    after.lockUnlock('Admin1', after.readMsid(), 'RW');
    after.powerOff();
  });

  it('without the keys to probe with, the drive is not touched: locked, no Try burned', async () => {
    const drives = watchDrives();
    const cluster = await enabledCluster();
    await cluster.storeInternal(2, NODES, 2);
    const [serial] = cluster.serials(1);
    for (const id of NODES) await cluster.powerOff(id);
    editStateFile(cluster, 1, (f) => setDrive(f, serial!, { keyGeneration: 1, switching: { from: 1, to: 2 } }));
    await cluster.powerOn(1);
    for (let attempt = 1; attempt <= 6; attempt++) {
      if (attempt > 1) cluster.master.clock.advance(30_000);
      await vi.waitFor(() => expect(cluster.node(1).state()).toMatchObject({ unlockAttempts: attempt, phase: 'locked' }));
    }
    expect(cluster.serials(1).map((serial) => admin1Tries(drives.get(serial)))).toEqual([0, 0]);
    expect(cluster.stateFile(1).drives[0]).toMatchObject({ keyGeneration: 1, switching: { from: 1, to: 2 } });
    await cluster.powerOn(3);
    const state = await cluster.waitForPhase(1, 'ready');
    expect(state.drives.map((d) => d.keyGeneration)).toEqual([2, 1]);
  });
});

describe('a drive that refuses a verified key', () => {
  it('costs one Try, is named in unlockError, and is not retried automatically (no Try burned per retry)', async () => {
    const drives = watchDrives();
    const cluster = await enabledCluster();
    await cluster.storeInternal(2, NODES, 2);
    const [serial, other] = cluster.serials(1);
    await cluster.powerOff(1);
    // The state says generation 2, the drive holds generation 1's AK.
    editStateFile(cluster, 1, (f) => setDrive(f, serial!, { keyGeneration: 2, switching: null }));
    await cluster.powerOn(1);
    let state = await cluster.waitForPhase(1, 'locked');
    expect(state.unlockError).toMatch(/^drive SIM-N001-S00: authentication as Admin1 failed \(tries 1, 4 left\) \(NOT_AUTHORIZED 0x01\)$/);
    expect(state.drives.map((d) => d.locked)).toEqual([true, false]);
    expect(admin1Tries(drives.get(serial!))).toBe(1);
    expect(admin1Tries(drives.get(other!))).toBe(0);
    // The node's own report says so too (GetNodeState's "tries left": 5 − 1).
    expect(state.drives.map((d) => [d.admin1Tries, d.admin1TryLimit])).toEqual([
      [1, 5],
      [0, 5],
    ]);
    for (let i = 0; i < 4; i++) {
      cluster.master.clock.advance(30_000);
      await settle();
    }
    state = cluster.node(1).state();
    expect(state.phase).toBe('locked');
    expect(admin1Tries(drives.get(serial!))).toBe(1);
  });
});
