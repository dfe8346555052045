/**
 * Internal key management across three nodes of two drives each: enable, power loss and unlock
 * from peers' shares, rekey, disable; and the AK and shares never found in a file or on the wire.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeShare } from '@ekmsim/shamir';
import { describe, expect, it } from 'vitest';
import { BLOCK, pattern, TestCluster } from './support/cluster.js';

const NODES = [1, 2, 3];

async function threeNodes(): Promise<TestCluster> {
  const cluster = new TestCluster();
  for (const id of NODES) await cluster.powerOn(id);
  for (const id of NODES) await cluster.waitForPhase(id, 'ready');
  return cluster;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'media.bin')
    .map((e) => join(e.parentPath, e.name));
}

describe('internal keys', () => {
  it('a fresh node is ready with factory drives and reports them', async () => {
    const cluster = await threeNodes();
    const state = cluster.node(2).state();
    expect(state).toMatchObject({ nodeID: 2, phase: 'ready', generations: [], unlockError: null, unlockAttempts: 0 });
    expect(state.drives.map((d) => [d.serial, d.slot, d.keyGeneration, d.securityEnabled, d.locked])).toEqual([
      ['SIM-N002-S00', 0, null, false, false],
      ['SIM-N002-S01', 1, null, false, false],
    ]);
    expect(state.drives[0]).toMatchObject({ model: 'KCD5FLUG1T92', blockSize: BLOCK, blockCount: 64, fips: true, switching: null, erasing: false });
    // A factory drive has no Admin1 yet (its Locking SP was never activated): no tries, no limit.
    expect(state.drives[0]).toMatchObject({ atMaximum: false, admin1Tries: 0, admin1TryLimit: 0 });
    expect(cluster.master.reported(2).phase).toBe('ready');
  });

  it('enable: every drive gets the AK rebuilt from shares; after a power loss the node unlocks with its peers’ shares', async () => {
    const cluster = await threeNodes();
    await cluster.enableInternal(1, NODES);
    for (const id of NODES) {
      const state = cluster.node(id).state();
      expect(state.generations).toEqual([{ generation: 1, mode: 'internal', holdsShare: true }]);
      for (const d of state.drives) expect(d).toMatchObject({ keyGeneration: 1, switching: null, securityEnabled: true, locked: false, admin1Tries: 0, admin1TryLimit: 5 });
    }
    const [serial] = cluster.serials(2);
    await cluster.master.call(2, 'writeBlocks', { serial: serial!, lba: 5, data: pattern(1, 2).toString('base64') });

    await cluster.powerOff(2);
    const node2 = await cluster.powerOn(2);
    const booted = cluster.master.link(2).reports[0]!;
    expect(booted.phase).toBe('booting');
    expect(booted.drives.every((d) => d.locked)).toBe(true);
    const state = await cluster.waitForPhase(2, 'ready');
    expect(state.drives.every((d) => !d.locked)).toBe(true);
    expect(state.unlockAttempts).toBe(1);
    expect(cluster.master.link(2).reports.map((r) => r.phase)).toEqual(['booting', 'unlocking', 'ready']);
    const read = await cluster.master.call(2, 'readBlocks', { serial: serial!, lba: 5, blocks: 2 });
    expect(Buffer.from(read.data, 'base64')).toEqual(pattern(1, 2));
    expect(node2.state().phase).toBe('ready');
  });

  it('the drives’ PIN is the AK the shares rebuild, and neither the AK nor any share is in a file or on the wire', async () => {
    const cluster = await threeNodes();
    await cluster.enableInternal(1, NODES);
    await cluster.powerOff(1);
    await cluster.powerOn(1);
    await cluster.waitForPhase(1, 'ready');
    for (const id of NODES) await cluster.powerOff(id);

    const ak = cluster.rebuildAk(1, [2, 3]);
    const drive = cluster.openDrive(1, cluster.serials(1)[1]!);
    expect(drive.getStatus().locked).toBe(true);
    drive.lockUnlock('Admin1', ak, 'RW');
    expect(drive.getStatus().locked).toBe(false);
    drive.powerOff();

    const secrets = [Buffer.from(ak).toString('hex'), Buffer.from(ak).toString('base64')];
    for (const share of cluster.shares(1, NODES).shares) {
      const data = encodeShare(share).data;
      secrets.push(data, Buffer.from(data, 'hex').toString('base64'), JSON.stringify(encodeShare(share)));
    }
    expect(cluster.master.wire.length).toBeGreaterThan(20);
    const texts = [...cluster.master.wire, ...NODES.flatMap((id) => allFiles(cluster.dataDir(id)).map((f) => readFileSync(f, 'utf8')))];
    for (const secret of secrets) for (const text of texts) expect(text.includes(secret)).toBe(false);
    // The check is real: the secrets are where they must be, in the test's hands.
    expect(secrets.every((s) => s.length >= 32)).toBe(true);
  });

  it('rekey 1→2 moves every drive to a new AK; the old generation is dropped at commit; a power loss then unlocks with generation 2', async () => {
    const cluster = await threeNodes();
    await cluster.enableInternal(1, NODES);
    const ak1 = cluster.rebuildAk(1, [1, 2]);
    await cluster.storeInternal(2, NODES, 3);
    expect(cluster.node(1).state().generations.map((g) => g.generation)).toEqual([1, 2]);
    await Promise.all(NODES.map((id) => cluster.master.call(id, 'applyGeneration', { generation: 2 })));
    for (const id of NODES) expect(cluster.node(id).state().drives.map((d) => d.keyGeneration)).toEqual([2, 2]);
    expect(cluster.node(1).state().generations.map((g) => g.generation)).toEqual([1, 2]);
    await Promise.all(NODES.map((id) => cluster.master.call(id, 'commitGeneration', { generation: 2 })));
    for (const id of NODES) expect(cluster.stateFile(id).generations.map((g) => g.generation)).toEqual([2]);

    await cluster.powerOff(3);
    await cluster.powerOn(3);
    await cluster.waitForPhase(3, 'ready');
    for (const id of NODES) await cluster.powerOff(id);
    const ak2 = cluster.rebuildAk(2, [1, 3]);
    expect(Buffer.from(ak2).equals(Buffer.from(ak1))).toBe(false);
    const drive = cluster.openDrive(3, cluster.serials(3)[0]!);
    expect(() => drive.lockUnlock('Admin1', ak1, 'RW')).toThrow(/NOT_AUTHORIZED/);
    drive.lockUnlock('Admin1', ak2, 'RW');
    drive.powerOff();
  });

  it('disable 2→null turns locking off and the PIN back to the MSID; data written under EAR stays readable; a power loss needs no key', async () => {
    const cluster = await threeNodes();
    await cluster.enableInternal(1, NODES);
    const [serial] = cluster.serials(1);
    await cluster.master.call(1, 'writeBlocks', { serial: serial!, lba: 0, data: pattern(9).toString('base64') });
    await cluster.enableInternal(2, NODES, 2);
    await Promise.all(NODES.map((id) => cluster.master.call(id, 'applyGeneration', { generation: null })));
    await Promise.all(NODES.map((id) => cluster.master.call(id, 'commitGeneration', { generation: null })));
    for (const id of NODES) {
      const state = cluster.node(id).state();
      expect(state.generations).toEqual([]);
      for (const d of state.drives) expect(d).toMatchObject({ keyGeneration: null, securityEnabled: false, locked: false });
    }
    await cluster.powerOff(1);
    await cluster.powerOn(1);
    const state = await cluster.waitForPhase(1, 'ready');
    expect(state.unlockAttempts).toBe(0);
    expect(Buffer.from((await cluster.master.call(1, 'readBlocks', { serial: serial!, lba: 0, blocks: 1 })).data, 'base64')).toEqual(pattern(9));
    await cluster.powerOff(1);
    const drive = cluster.openDrive(1, serial!);
    expect(drive.getStatus()).toMatchObject({ lockingEnabled: false, locked: false, lockingSp: 'Manufactured' });
    drive.lockUnlock('Admin1', drive.readMsid(), 'RW'); // Admin1 is back to the MSID
    drive.powerOff();
  });

  it('apply is idempotent: applying the current generation again touches no drive and needs no key', async () => {
    const cluster = await threeNodes();
    await cluster.enableInternal(1, NODES);
    await cluster.powerOff(2);
    await cluster.powerOff(3);
    // Alone, node 1 cannot rebuild the AK; nothing needs it.
    const { state } = await cluster.master.call(1, 'applyGeneration', { generation: 1 });
    expect(state.drives.map((d) => d.keyGeneration)).toEqual([1, 1]);
  });
});
