/**
 * driveFailed (a locked drive whose AK cannot be acquired) and TR-4843 §9.2's
 * sliceServiceUnhealthy (metadata drives locked at boot, marked failed and placed in available,
 * recovered by AddDrives and a few minutes), over fake nodes with internal keys and a simulated
 * clock that the test advances.
 */
import { SimulatedClock } from '@ekmsim/core';
import { METADATA_LOCK_GRACE_MS, SLICE_RECOVERY_MS, type ClusterFault, type Master } from '@ekmsim/master';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEarCluster, waitForState, waitUntil, type EarCluster } from './support/ear-cluster.js';

const SECOND = 1000;
let c: EarCluster;
let clock: SimulatedClock;

beforeEach(async () => {
  clock = new SimulatedClock(Date.UTC(2026, 10, 28, 4, 50));
  c = await openEarCluster({ nodes: 3, clock });
  await c.master.enableEncryptionAtRest({});
  await waitForState(c.master, 'enabled');
});
afterEach(() => c.close());

const current = (master: Master, code: string): ClusterFault[] => master.listClusterFaults({ faultTypes: 'current' }).filter((f) => f.code === code);

describe('driveFailed', () => {
  it('is raised for each locked drive of a node that cannot get its key, and resolves when the drives unlock', async () => {
    const node = c.fake.node(2);
    node.lockOut('too few shares for generation 1: 1 of 2');
    await waitUntil(() => current(c.master, 'driveFailed').length === 2, 'a driveFailed fault per drive of node 2');
    const [first, second] = current(c.master, 'driveFailed');
    expect(first).toMatchObject({ severity: 'error', type: 'drive', nodeID: 2, driveID: 3, driveIDs: [3], serviceID: 0, resolved: false });
    expect(first?.details).toBe(
      'Drive 3 (slot 0, serial SN2-0) on node 2 is locked and its authentication key cannot be acquired: too few shares for generation 1: 1 of 2. Ensure that the authentication key is available.',
    );
    expect(second).toMatchObject({ nodeID: 2, driveIDs: [4] });
    // Events say what the node reported.
    expect(c.master.listEvents({ nodeID: 2, eventType: 'driveEvent' }).map((e) => e.message)).toEqual(
      expect.arrayContaining(['Drive 3 (slot 0) on node 2 locked', 'Drive 4 (slot 1) on node 2 locked']),
    );
    expect(c.master.listEvents({ nodeID: 2, eventType: 'encryptionAtRestEvent' }).some((e) => e.message === 'Node 2 cannot unlock its drives yet: too few shares for generation 1: 1 of 2')).toBe(true);

    // An offline node says nothing: its faults stay as they were.
    node.disconnect();
    await c.master.evaluateClusterFaults();
    expect(current(c.master, 'driveFailed')).toHaveLength(2);

    await node.connect(c.master);
    node.unlockAll();
    await waitUntil(() => current(c.master, 'driveFailed').length === 0, 'the faults resolved');
    expect(c.master.listClusterFaults({ faultTypes: 'resolved' }).filter((f) => f.code === 'driveFailed').map((f) => f.driveID)).toEqual([3, 4]);
    const drive3 = c.master.listEvents({ driveID: 3, eventType: 'driveEvent' }).map((e) => e.message).filter((m) => m.startsWith('Drive 3 ('));
    expect(drive3.at(-1)).toBe('Drive 3 (slot 0) on node 2 unlocked');
  });
});

describe('sliceServiceUnhealthy (TR-4843 §9.2)', () => {
  it('marks a metadata drive locked past the grace period failed → available, and clears 3 minutes after AddDrives', async () => {
    const node = c.fake.node(2);
    node.lockOut('key server unreachable');
    await waitUntil(() => current(c.master, 'driveFailed').length === 2, 'driveFailed');
    const metadata = c.master.listDrives().find((d) => d.nodeID === 2 && d.type === 'volume')!;
    expect(metadata).toMatchObject({ driveID: 3, status: 'active' });

    // Still within the grace period: nothing happens to the drive.
    clock.advance(METADATA_LOCK_GRACE_MS - 30 * SECOND);
    await c.master.evaluateClusterFaults();
    expect(current(c.master, 'sliceServiceUnhealthy')).toEqual([]);
    expect(c.master.listDrives().find((d) => d.driveID === 3)?.status).toBe('active');

    // Past it: the 30 s evaluation fails the drive and places it in available.
    clock.advance(30 * SECOND);
    await waitUntil(() => current(c.master, 'sliceServiceUnhealthy').length === 1, 'sliceServiceUnhealthy');
    const [fault] = current(c.master, 'sliceServiceUnhealthy');
    expect(fault).toMatchObject({ severity: 'error', type: 'service', nodeID: 2, driveID: 3, driveIDs: [3], serviceID: 3, data: { stage: 'failed' } });
    expect(fault?.details).toMatch(/^Slice service 3 on node 2 is unhealthy: its metadata drive 3 \(slot 0\) stayed locked at boot, was marked failed and placed in available\. Re-add the drive with AddDrives/);
    expect(c.master.listDrives().find((d) => d.driveID === 3)?.status).toBe('available');
    // The block drive is not a slice drive: it stays active.
    expect(c.master.listDrives().find((d) => d.driveID === 4)?.status).toBe('active');
    expect(c.master.listEvents({ driveID: 3, eventType: 'driveEvent' }).slice(-2).map((e) => e.message)).toEqual([
      'Drive 3 failed: metadata drive locked at boot for 360 s',
      'Drive 3 placed in available; re-add it with AddDrives',
    ]);

    // Re-added while still locked: the fault stays, and no recovery starts.
    await c.master.addDrives([{ driveID: 3 }]);
    clock.advance(SLICE_RECOVERY_MS);
    await c.master.evaluateClusterFaults();
    expect(current(c.master, 'sliceServiceUnhealthy')).toHaveLength(1);

    // The key is back; the drive was re-added: the slice service resyncs for 3 minutes.
    node.unlockAll();
    await waitUntil(() => current(c.master, 'sliceServiceUnhealthy')[0]?.data?.['stage'] === 'recovering', 'recovering');
    clock.advance(SLICE_RECOVERY_MS - 30 * SECOND);
    await c.master.evaluateClusterFaults();
    expect(current(c.master, 'sliceServiceUnhealthy')).toHaveLength(1);
    clock.advance(30 * SECOND);
    await waitUntil(() => current(c.master, 'sliceServiceUnhealthy').length === 0, 'the fault cleared');
    const [resolved] = c.master.listClusterFaults({ faultTypes: 'resolved' }).filter((f) => f.code === 'sliceServiceUnhealthy');
    expect(resolved?.clusterFaultID).toBe(fault?.clusterFaultID);
    expect(c.master.listDrives().find((d) => d.driveID === 3)?.status).toBe('active');
  });

  it('a metadata drive that unlocks within the grace period is left alone', async () => {
    const node = c.fake.node(3);
    node.lockOut('key server unreachable');
    await waitUntil(() => current(c.master, 'driveFailed').length === 2, 'driveFailed');
    clock.advance(METADATA_LOCK_GRACE_MS / 2);
    node.unlockAll();
    await waitUntil(() => current(c.master, 'driveFailed').length === 0, 'unlocked');
    clock.advance(METADATA_LOCK_GRACE_MS);
    await c.master.evaluateClusterFaults();
    expect(current(c.master, 'sliceServiceUnhealthy')).toEqual([]);
    expect(c.master.listDrives().every((d) => d.status === 'active')).toBe(true);
  });
});
