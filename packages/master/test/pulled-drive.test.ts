/**
 * A drive pulled out of its node (the node no longer reports it): ListDrives shows an active one
 * `failed` and does not list an available one, driveFailed says it is missing, and both clear
 * when the drive is put back or removed from the cluster (RemoveDrives).
 */
import type { ClusterFault, Master } from '@ekmsim/master';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from './support/cluster.js';
import { openEarCluster, waitUntil, type EarCluster } from './support/ear-cluster.js';
import type { FakeNode } from './support/fake-nodes.js';

let c: EarCluster;
let node: FakeNode;
beforeEach(async () => {
  c = await openEarCluster({ nodes: 2, drives: 3 });
  node = c.fake.node(1);
});
afterEach(() => c.close());

const missingFaults = (master: Master): ClusterFault[] => master.listClusterFaults({ faultTypes: 'current' }).filter((f) => f.code === 'driveFailed');
const status = (master: Master, driveID: number): string | undefined => master.listDrives().find((d) => d.driveID === driveID)?.status;

/** Powers node 1 off, pulls its drive in `slot` (drive 1 + slot), powers it on again. */
async function pull(slot: number): Promise<ReturnType<FakeNode['pullDrive']>> {
  node.disconnect();
  const drive = node.pullDrive(slot);
  await node.connect(c.master);
  return drive;
}

async function putBack(drive: ReturnType<FakeNode['pullDrive']>): Promise<void> {
  node.disconnect();
  node.putBack(drive);
  await node.connect(c.master);
}

describe('an active drive pulled out of its node', () => {
  it('is listed failed with a driveFailed fault saying it is missing; both clear when it is put back', async () => {
    const drive = await pull(1);
    expect(c.master.listDrives().find((d) => d.driveID === 2)).toMatchObject({
      status: 'failed',
      nodeID: 1,
      slot: 1,
      serial: 'SN1-1',
      driveFailureDetail: 'Drive 2 (slot 1, serial SN1-1) is missing from node 1: it was removed from its slot',
    });
    expect(c.master.listDrives().filter((d) => d.status === 'active').map((d) => d.driveID)).toEqual([1, 3, 4, 5, 6]);
    expect(c.master.listDriveHardware().nodes[0]!.result.driveHardware.map((d) => d.driveID)).toEqual([1, 3]);

    await waitUntil(() => missingFaults(c.master).length === 1, 'driveFailed for drive 2');
    const [fault] = missingFaults(c.master);
    expect(fault).toMatchObject({ severity: 'error', type: 'drive', nodeID: 1, driveID: 2, driveIDs: [2], data: { reason: 'missing', serial: 'SN1-1', slot: 1 } });
    expect(fault?.details).toBe(
      'Drive 2 (slot 1, serial SN1-1) is missing from node 1: it was removed from its slot. Reinsert the drive, or remove it from the cluster with RemoveDrives.',
    );
    expect(c.master.listEvents({ driveID: 2, eventType: 'driveEvent' }).map((e) => e.message)).toContain('Drive 2 (slot 1) is missing from node 1');

    // Offline, the node says nothing new: the drive stays failed, the fault stays.
    node.disconnect();
    await c.master.evaluateClusterFaults();
    expect(missingFaults(c.master)).toHaveLength(1);
    expect(status(c.master, 2)).toBe('failed');

    await putBack(drive);
    expect(status(c.master, 2)).toBe('active');
    await waitUntil(() => missingFaults(c.master).length === 0, 'the fault resolved');
    expect(c.master.listClusterFaults({ faultTypes: 'resolved' }).map((f) => [f.code, f.driveID])).toEqual([['driveFailed', 2]]);
    expect(c.master.listEvents({ driveID: 2, eventType: 'driveEvent' }).map((e) => e.message)).toContain('Drive 2 (slot 1) appeared in node 1');
  });

  it('RemoveDrives takes it out of the cluster: the fault resolves and the drive is no longer listed until it is put back, available', async () => {
    const drive = await pull(2);
    await waitUntil(() => missingFaults(c.master).length === 1, 'driveFailed for drive 3');
    const { asyncHandle } = await c.master.removeDrives([3]);
    expect((await c.master.getAsyncResult(asyncHandle, false)).status).toBe('complete');
    await waitUntil(() => missingFaults(c.master).length === 0, 'the fault resolved');
    expect(c.master.listDrives().map((d) => d.driveID)).toEqual([1, 2, 4, 5, 6]);
    expect(await failure(c.master.addDrives([{ driveID: 3 }]))).toEqual({
      name: 'xAPINotPermitted',
      message: 'Drive 3 is not in node 1 (slot 2 is empty); AddDrives takes available drives only',
    });

    await putBack(drive);
    expect(status(c.master, 3)).toBe('available');
    await c.master.addDrives([{ driveID: 3 }]);
    expect(status(c.master, 3)).toBe('active');
    expect(missingFaults(c.master)).toEqual([]);
  });

  it('removed while its node is offline, the fault resolves all the same', async () => {
    await pull(1);
    await waitUntil(() => missingFaults(c.master).length === 1, 'driveFailed for drive 2');
    node.disconnect();
    await c.master.removeDrives([2]);
    await waitUntil(() => missingFaults(c.master).length === 0, 'the fault resolved');
  });
});

describe('an available drive pulled out of its node', () => {
  it('is not listed and raises no fault; SecureEraseDrives refuses it', async () => {
    await c.master.removeDrives([2]);
    await pull(1);
    await c.master.evaluateClusterFaults();
    expect(c.master.listDrives().map((d) => d.driveID)).toEqual([1, 3, 4, 5, 6]);
    expect(missingFaults(c.master)).toEqual([]);
    expect((await failure(c.master.secureEraseDrives([2]))).name).toBe('xAPINotPermitted');
  });
});
