/** ListDrives, AddDrives, RemoveDrives, SecureEraseDrives and their async results, over fake nodes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorName, failure } from './support/cluster.js';
import { openEarCluster, waitUntil, type EarCluster } from './support/ear-cluster.js';
import { Gate } from './support/fake-nodes.js';

let c: EarCluster;
beforeEach(async () => {
  c = await openEarCluster({ nodes: 2, drives: 3 });
});
afterEach(() => c.close());

describe('ListDrives', () => {
  it('numbers the drives in join order; those a cluster was created with are active, slot 0 is the metadata drive', () => {
    const drives = c.master.listDrives();
    expect(drives.map((d) => [d.driveID, d.nodeID, d.slot, d.status, d.type])).toEqual([
      [1, 1, 0, 'active', 'volume'],
      [2, 1, 1, 'active', 'block'],
      [3, 1, 2, 'active', 'block'],
      [4, 2, 0, 'active', 'volume'],
      [5, 2, 1, 'active', 'block'],
      [6, 2, 2, 'active', 'block'],
    ]);
    expect(drives[1]).toEqual({
      driveID: 2,
      nodeID: 1,
      status: 'active',
      type: 'block',
      capacity: 1_920_383_410_176,
      usableCapacity: 1_920_383_410_176,
      segmentFileSize: 0,
      serial: 'SN1-1',
      slot: 1,
      chassisSlot: '1',
      attributes: {},
      driveSecurityFaultReason: 'none',
    });
  });

  it('a drive that appears at a later join is available, with the next ID; known serials keep theirs', async () => {
    const node = c.fake.node(1);
    node.disconnect();
    node.insertDrive();
    await node.connect(c.master);
    const drives = c.master.listDrives();
    expect(drives).toHaveLength(7);
    expect(drives[6]).toMatchObject({ driveID: 7, nodeID: 1, slot: 3, status: 'available', serial: 'SN1-3' });
    expect(c.master.nodes.locateDrive(7)).toEqual({ nodeID: 1, serial: 'SN1-3' });
  });
});

describe('AddDrives and RemoveDrives', () => {
  it('moves active → available → active, each with a complete async result', async () => {
    const removal = await c.master.removeDrives([2, 5]);
    expect(c.master.listDrives().filter((d) => d.status === 'available').map((d) => d.driveID)).toEqual([2, 5]);
    expect(await c.master.getAsyncResult(removal.asyncHandle, true)).toEqual({
      status: 'complete',
      resultType: 'DriveRemoval',
      createTime: expect.stringMatching(/Z$/) as unknown,
      lastUpdateTime: expect.stringMatching(/Z$/) as unknown,
      result: { drives: [{ driveID: 2, nodeID: 1, status: 'available' }, { driveID: 5, nodeID: 2, status: 'available' }] },
    });
    const add = await c.master.addDrives([{ driveID: 2 }, { driveID: 5, type: 'slice' }]);
    expect(add.asyncHandle).toBe(removal.asyncHandle + 1);
    expect(c.master.listDrives().find((d) => d.driveID === 5)).toMatchObject({ status: 'active', type: 'volume' });
    expect(c.master.listAsyncResults()).toEqual([
      expect.objectContaining({ asyncResultID: removal.asyncHandle, completed: true, success: true, resultType: 'DriveRemoval', data: { drives: [2, 5] } }),
      expect.objectContaining({ asyncResultID: add.asyncHandle, completed: true, success: true, resultType: 'DriveAdd', data: { drives: [{ driveID: 2 }, { driveID: 5, type: 'slice' }] } }),
    ]);
    expect(c.master.listAsyncResults(['DriveAdd']).map((r) => r.asyncResultID)).toEqual([add.asyncHandle]);
  });

  it('refuses unknown, repeated and wrong-state drives, changing nothing', async () => {
    const before = c.master.listDrives();
    expect(await failure(c.master.addDrives([{ driveID: 99 }]))).toEqual({ name: 'xDriveIDDoesNotExist', message: 'Drive ID 99 does not exist' });
    expect(await failure(c.master.addDrives([{ driveID: 1 }]))).toEqual({ name: 'xAPINotPermitted', message: 'Drive 1 is active; AddDrives takes available drives only' });
    expect(await errorName(c.master.removeDrives([1, 1]))).toBe('xInvalidParameter');
    expect(await errorName(c.master.removeDrives([]))).toBe('xInvalidParameter');
    expect(await errorName(c.master.removeDrives([1, 99]))).toBe('xDriveIDDoesNotExist');
    await c.master.removeDrives([3]);
    expect(await errorName(c.master.addDrives([{ driveID: 3, type: 'cache' }]))).toBe('xInvalidParameter');
    expect(await errorName(c.master.secureEraseDrives([1]))).toBe('xAPINotPermitted');
    expect(c.master.listDrives().filter((d) => d.driveID !== 3)).toEqual(before.filter((d) => d.driveID !== 3));
    expect(() => c.master.nodes.locateDrive(99)).toThrow('Drive ID 99 does not exist');
  });
});

describe('GetAsyncResult', () => {
  it('purges a completed result unless keepResult; an unknown handle is xAsyncHandleDoesNotExist', async () => {
    const { asyncHandle } = await c.master.removeDrives([2]);
    expect((await c.master.getAsyncResult(asyncHandle, true)).status).toBe('complete');
    expect((await c.master.getAsyncResult(asyncHandle, false)).status).toBe('complete');
    expect(await failure(c.master.getAsyncResult(asyncHandle, false))).toEqual({ name: 'xAsyncHandleDoesNotExist', message: `Async handle ${asyncHandle} does not exist.` });
    expect(await failure(c.master.getAsyncResult(999999999, false))).toEqual({ name: 'xAsyncHandleDoesNotExist', message: 'Async handle 999999999 does not exist.' });
    expect(c.master.listAsyncResults()).toEqual([]);
  });
});

describe('SecureEraseDrives', () => {
  it('erases available drives on their nodes: erasing meanwhile, then available, result DriveErase', async () => {
    await c.master.removeDrives([2, 4]);
    const gate = new Gate();
    c.fake.node(2).gates.secureEraseDrive = gate;
    const { asyncHandle } = await c.master.secureEraseDrives([2, 4]);
    await waitUntil(() => gate.reached, 'node 2 erasing');
    expect(c.master.listDrives().filter((d) => d.status === 'erasing').map((d) => d.driveID)).toEqual([2, 4]);
    const running = await c.master.getAsyncResult(asyncHandle, false);
    expect(running).toMatchObject({ status: 'running', resultType: 'DriveErase', details: { drives: [2, 4] } });
    // A running result is not purged by reading it.
    expect(c.master.listAsyncResults().map((r) => [r.asyncResultID, r.completed])).toContainEqual([asyncHandle, false]);
    gate.release();
    await waitUntil(() => c.master.listDrives().every((d) => d.status !== 'erasing'), 'erase done');
    expect(await c.master.getAsyncResult(asyncHandle, false)).toMatchObject({
      status: 'complete',
      result: { drives: [{ driveID: 2, nodeID: 1, status: 'available' }, { driveID: 4, nodeID: 2, status: 'available' }] },
    });
    expect(c.fake.node(1).calls.get('secureEraseDrive')).toBe(1);
    expect(c.fake.node(2).calls.get('secureEraseDrive')).toBe(1);
  });

  it('records a failed erase (node refuses, node offline) in the async result; the drives are available again', async () => {
    await c.master.removeDrives([2, 5]);
    c.fake.node(1).failErase = true;
    c.fake.node(2).disconnect();
    const { asyncHandle } = await c.master.secureEraseDrives([2, 5]);
    await waitUntil(() => c.master.listDrives().every((d) => d.status !== 'erasing'), 'erase done');
    const result = await c.master.getAsyncResult(asyncHandle, true);
    expect(result.status).toBe('complete');
    expect(result.error?.name).toBe('xSecureEraseFailed');
    expect(result.error?.message).toContain('drive 2: secureEraseDrive: erase of SN1-1 refused');
    expect(result.error?.message).toContain('drive 5: Node 2 is offline');
    expect(c.master.listAsyncResults()).toContainEqual(expect.objectContaining({ asyncResultID: asyncHandle, completed: true, success: false }));
    expect(c.master.listDrives().filter((d) => d.status === 'available').map((d) => d.driveID)).toEqual([2, 5]);
  });

  it('closing the master while a node erases records the erase as failed; the drive is available after a reopen', async () => {
    await c.master.removeDrives([3]);
    const gate = new Gate();
    c.fake.node(1).gates.secureEraseDrive = gate;
    const { asyncHandle } = await c.master.secureEraseDrives([3]);
    await waitUntil(() => gate.reached, 'erasing');
    const reopened = await c.restart();
    expect(reopened.listDrives().find((d) => d.driveID === 3)?.status).toBe('available');
    expect((await reopened.getAsyncResult(asyncHandle, true)).error?.name).toBe('xSecureEraseFailed');
  });
});
