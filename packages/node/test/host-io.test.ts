/** Host I/O and crypto erase on the master's behalf, and their errors, each with its NODE_ code. */
import { WireError } from '@ekmsim/wire';
import { describe, expect, it } from 'vitest';
import { pattern, TestCluster } from './support/cluster.js';

async function remote(call: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  const e = await call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WireError);
  return { code: (e as WireError).remoteCode, message: (e as WireError).message };
}

async function oneNode(): Promise<{ cluster: TestCluster; serial: string }> {
  const cluster = new TestCluster();
  await cluster.powerOn(1);
  await cluster.waitForPhase(1, 'ready');
  return { cluster, serial: cluster.serials(1)[0]! };
}

describe('host I/O', () => {
  it('writes and reads blocks; the raw media holds ciphertext only', async () => {
    const { cluster, serial } = await oneNode();
    const data = pattern(3, 3);
    await cluster.master.call(1, 'writeBlocks', { serial, lba: 10, data: data.toString('base64') });
    expect(Buffer.from((await cluster.master.call(1, 'readBlocks', { serial, lba: 10, blocks: 3 })).data, 'base64')).toEqual(data);
    const raw = Buffer.from((await cluster.master.call(1, 'readRawMedia', { serial, lba: 10, blocks: 3 })).data, 'base64');
    expect(raw).toHaveLength(data.length);
    expect(raw.equals(data)).toBe(false);
    expect(raw.includes(data.subarray(0, 64))).toBe(false);
    // Never written: zeros.
    expect(Buffer.from((await cluster.master.call(1, 'readBlocks', { serial, lba: 0, blocks: 1 })).data, 'base64').every((b) => b === 0)).toBe(true);
  });

  it('an unknown drive is NODE_UNKNOWN_DRIVE', async () => {
    const { cluster } = await oneNode();
    expect(await remote(cluster.master.call(1, 'readBlocks', { serial: 'NOPE', lba: 0, blocks: 1 }))).toEqual({
      code: 'NODE_UNKNOWN_DRIVE', message: 'readBlocks: node 1 has no drive "NOPE"',
    });
    expect((await remote(cluster.master.call(1, 'secureEraseDrive', { serial: 'NOPE' }))).code).toBe('NODE_UNKNOWN_DRIVE');
  });

  it('outside the drive, or not whole blocks, is NODE_IO_ERROR; too many blocks in one call is NODE_BAD_REQUEST', async () => {
    const { cluster, serial } = await oneNode();
    expect(await remote(cluster.master.call(1, 'readBlocks', { serial, lba: 63, blocks: 2 }))).toEqual({
      code: 'NODE_IO_ERROR', message: 'readBlocks: LBA 63 + 2 blocks is outside 0..63',
    });
    expect((await remote(cluster.master.call(1, 'writeBlocks', { serial, lba: 0, data: 'AAAA' }))).code).toBe('NODE_IO_ERROR');
    expect((await remote(cluster.master.call(1, 'writeBlocks', { serial, lba: 0, data: '' }))).code).toBe('NODE_IO_ERROR');
    expect(await remote(cluster.master.call(1, 'readRawMedia', { serial, lba: 0, blocks: 257 }))).toEqual({
      code: 'NODE_BAD_REQUEST', message: 'readRawMedia: 257 blocks in one call; at most 256',
    });
  });

  it('a locked drive refuses reads and writes with NODE_DRIVE_LOCKED naming the range and the lock; its raw media stays readable', async () => {
    const cluster = new TestCluster();
    for (const id of [1, 2]) await cluster.powerOn(id);
    await cluster.enableInternal(1, [1, 2]);
    await cluster.powerOff(2);
    await cluster.powerOff(1);
    await cluster.powerOn(1);
    await cluster.waitForPhase(1, 'locked');
    const serial = cluster.serials(1)[0]!;
    expect(await remote(cluster.master.call(1, 'readBlocks', { serial, lba: 4, blocks: 1 }))).toEqual({
      code: 'NODE_DRIVE_LOCKED', message: 'readBlocks: read refused at LBA 4: locking range Global is read-locked',
    });
    expect(await remote(cluster.master.call(1, 'writeBlocks', { serial, lba: 4, data: pattern(1).toString('base64') }))).toEqual({
      code: 'NODE_DRIVE_LOCKED', message: 'writeBlocks: write refused at LBA 4: locking range Global is write-locked',
    });
    expect((await cluster.master.call(1, 'readRawMedia', { serial, lba: 4, blocks: 1 })).data).toHaveLength(5464);
  });
});

describe('crypto erase', () => {
  it('of a factory drive: the old data is gone, the drive keeps the MSID and no locking', async () => {
    const { cluster, serial } = await oneNode();
    await cluster.master.call(1, 'writeBlocks', { serial, lba: 1, data: pattern(5).toString('base64') });
    await cluster.master.call(1, 'secureEraseDrive', { serial });
    const after = Buffer.from((await cluster.master.call(1, 'readBlocks', { serial, lba: 1, blocks: 1 })).data, 'base64');
    expect(after.equals(pattern(5))).toBe(false);
    const state = cluster.node(1).state();
    expect(state.drives[0]).toMatchObject({ keyGeneration: null, securityEnabled: false, locked: false, erasing: false });
    expect(cluster.master.link(1).reports.some((r) => r.drives[0]?.erasing === true)).toBe(true);
    // EAR can still be enabled on it (its Locking SP is active now, Admin1 = MSID).
    await cluster.powerOn(2);
    await cluster.enableInternal(1, [1, 2]);
    expect(cluster.node(1).state().drives[0]).toMatchObject({ keyGeneration: 1, securityEnabled: true });
  });

  it('of a drive under EAR: erased with the AK, still locked by it after a power cycle', async () => {
    const cluster = new TestCluster();
    for (const id of [1, 2]) await cluster.powerOn(id);
    await cluster.enableInternal(1, [1, 2]);
    const serial = cluster.serials(2)[1]!;
    await cluster.master.call(2, 'writeBlocks', { serial, lba: 0, data: pattern(6).toString('base64') });
    await cluster.master.call(2, 'secureEraseDrive', { serial });
    expect(Buffer.from((await cluster.master.call(2, 'readBlocks', { serial, lba: 0, blocks: 1 })).data, 'base64').equals(pattern(6))).toBe(false);
    await cluster.powerOff(2);
    await cluster.powerOn(2);
    const state = await cluster.waitForPhase(2, 'ready');
    expect(state.drives[1]).toMatchObject({ keyGeneration: 1, securityEnabled: true, locked: false });
  });
});
