/**
 * A drive pulled out of a powered-off node (its directory moved away, as the simulator's
 * StealDrive does): the node starts with an empty bay, serves and unlocks the other drives, and
 * finds the drive again, keyed as before, once the directory is put back. A drive directory that
 * is there but damaged still stops the node.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRng, type Logger } from '@ekmsim/core';
import { driveDir, driveInBay, NodeStoreError, startNode } from '@ekmsim/node';
import { RECORD_FILE } from '@ekmsim/sed';
import { WireError } from '@ekmsim/wire';
import { describe, expect, it } from 'vitest';
import { pattern, scratchDir, TestCluster } from './support/cluster.js';

const NODES = [1, 2, 3];

async function enabledCluster(): Promise<TestCluster> {
  const cluster = new TestCluster();
  for (const id of NODES) await cluster.powerOn(id);
  for (const id of NODES) await cluster.waitForPhase(id, 'ready');
  await cluster.enableInternal(1, NODES);
  return cluster;
}

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, message) => void lines.push(`${level} ${message}`) };
}

/** The node's answer to a call that fails: its NODE_ code and message, as the master sees them. */
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

describe('a pulled drive', () => {
  it('leaves an empty bay: the node starts, reports and unlocks only the drives it has, and reaches ready', async () => {
    const cluster = await enabledCluster();
    const [pulled, kept] = cluster.serials(1) as [string, string];
    await cluster.master.call(1, 'writeBlocks', { serial: kept, lba: 1, data: pattern(5).toString('base64') });
    await cluster.powerOff(1);
    const dataDir = cluster.dataDir(1);
    const away = join(scratchDir(), 'stolen');
    renameSync(driveDir(dataDir, pulled), away);
    expect(driveInBay(dataDir, pulled)).toBe(false);
    expect(driveInBay(dataDir, kept)).toBe(true);

    const logger = memoryLogger();
    await cluster.powerOn(1, { logger });
    expect(cluster.master.link(1).reports[0]!.drives.map((d) => d.serial)).toEqual([kept]);
    const state = await cluster.waitForPhase(1, 'ready');
    expect(state.drives).toEqual([expect.objectContaining({ serial: kept, slot: 1, locked: false, keyGeneration: 1 })]);
    expect(state.unlockError).toBeNull();
    expect(logger.lines.filter((l) => l.includes(pulled))).toEqual([`warn node 1: drive ${pulled} (slot 0) is not in its bay; starting without it`]);

    expect(Buffer.from((await cluster.master.call(1, 'readBlocks', { serial: kept, lba: 1, blocks: 1 })).data, 'base64')).toEqual(pattern(5));
    expect(await remote(cluster.master.call(1, 'readBlocks', { serial: pulled, lba: 0, blocks: 1 }))).toEqual({
      code: 'NODE_UNKNOWN_DRIVE', message: `readBlocks: drive ${pulled} (slot 0) is not in its bay on node 1`,
    });
    expect((await remote(cluster.master.call(1, 'secureEraseDrive', { serial: pulled }))).code).toBe('NODE_UNKNOWN_DRIVE');
    // The record stays, with the generation it names, for when the drive comes back.
    expect(cluster.stateFile(1).drives.map((d) => [d.serial, d.keyGeneration])).toEqual([[pulled, 1], [kept, 1]]);
    expect(cluster.stateFile(1).generations.map((g) => g.generation)).toEqual([1]);
  });

  it('put back, it is found at the next power-on and unlocked with the key it had, its data intact', async () => {
    const cluster = await enabledCluster();
    const [pulled] = cluster.serials(1) as [string, string];
    await cluster.master.call(1, 'writeBlocks', { serial: pulled, lba: 2, data: pattern(9).toString('base64') });
    await cluster.powerOff(1);
    const away = join(scratchDir(), 'stolen');
    renameSync(driveDir(cluster.dataDir(1), pulled), away);
    await cluster.powerOn(1);
    await cluster.waitForPhase(1, 'ready');
    await cluster.powerOff(1);

    renameSync(away, driveDir(cluster.dataDir(1), pulled));
    await cluster.powerOn(1);
    const state = await cluster.waitForPhase(1, 'ready');
    expect(state.drives.map((d) => [d.serial, d.keyGeneration, d.locked, d.securityEnabled])).toEqual(cluster.serials(1).map((s) => [s, 1, false, true]));
    expect(Buffer.from((await cluster.master.call(1, 'readBlocks', { serial: pulled, lba: 2, blocks: 1 })).data, 'base64')).toEqual(pattern(9));
  });

  it('a node whose every bay is empty still starts and is ready (nothing to unlock)', async () => {
    const cluster = new TestCluster();
    await cluster.powerOn(4);
    await cluster.powerOff(4);
    for (const serial of cluster.serials(4)) renameSync(driveDir(cluster.dataDir(4), serial), join(scratchDir(), serial));
    await cluster.powerOn(4);
    const state = await cluster.waitForPhase(4, 'ready');
    expect(state.drives).toEqual([]);
  });
});

describe('a damaged drive directory is not an empty bay', () => {
  it('an unreadable drive record stops the node at power-on, naming the drive', async () => {
    const cluster = new TestCluster();
    await cluster.powerOn(1);
    await cluster.powerOff(1);
    const serial = cluster.serials(1)[1]!;
    writeFileSync(join(driveDir(cluster.dataDir(1), serial), RECORD_FILE), '{"not a drive');
    expect(driveInBay(cluster.dataDir(1), serial)).toBe(true);
    const e = await startNode({ nodeID: 1, dataDir: cluster.dataDir(1), channel: cluster.master.connect(), clock: cluster.master.clock, rng: seededRng(4) }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(NodeStoreError);
    expect((e as NodeStoreError).code).toBe('NODE_STATE_DRIVE');
    expect((e as NodeStoreError).message).toMatch(new RegExp(`^drive ${serial} \\(slot 1\\) cannot be powered on: .*unreadable drive\\.json`));
  });
});
