/**
 * Issue 4's end-to-end claims, through the Element API and the simulator's control API alone:
 * internal EAR, write, power-cycle, read back; a node alone cannot unlock, the cluster minus one
 * can; conversion to external keys on a mock key server, power-cycle, read back; raw media never
 * shows plaintext while EAR is on; disable.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureRng, systemClock } from '@ekmsim/core';
import { openDrive, SedLockedError } from '@ekmsim/sed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementErrorName } from './helpers/element.js';
import { listDrives, nodeState, pattern, setUpKeyProvider, startTestCluster, waitFor, waitForEar, waitUnlocked, type DriveView, type TestCluster } from './helpers/cluster.js';

const NODES = [1, 2, 3, 4];
const BLOCKS = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A thief's view: a copy of the drive's files (the drive pulled out of the chassis) powered on
 * in another machine and read through its host interface, with no key.
 */
function stolenDriveRead(clusterDir: string, drive: DriveView, salt: string): 'plaintext' | 'locked' | 'other' {
  const loot = mkdtempSync(join(tmpdir(), 'ekmsim-stolen-'));
  try {
    cpSync(join(clusterDir, 'nodes', String(drive.nodeID), 'drives', drive.serial), loot, { recursive: true });
    const stolen = openDrive(loot, { clock: systemClock(), rng: secureRng() });
    try {
      const data = Buffer.from(stolen.readBlocks(8, BLOCKS));
      return data.includes(Buffer.from(`${salt}:plaintext:drive${drive.driveID}:`)) ? 'plaintext' : 'other';
    } catch (e) {
      if (e instanceof SedLockedError) return 'locked';
      throw e;
    }
  } finally {
    rmSync(loot, { recursive: true, force: true });
  }
}

describe('encryption at rest end to end, through the API alone', () => {
  let t: TestCluster;
  let drives: DriveView[];

  const writeAll = async (salt: string): Promise<void> => {
    for (const d of drives) await t.control('WriteBlocks', { driveID: d.driveID, lba: 8, data: pattern(d.driveID, BLOCKS, salt).toString('base64') });
  };
  const readBack = async (driveIDs: readonly number[], salt: string): Promise<void> => {
    for (const id of driveIDs) {
      const { data } = (await t.control('ReadBlocks', { driveID: id, lba: 8, blocks: BLOCKS })) as { data: string };
      expect(Buffer.from(data, 'base64').equals(pattern(id, BLOCKS, salt)), `drive ${id} reads back what was written`).toBe(true);
    }
  };
  /** Whether the drive's raw media (what a thief reads off the bare drive) holds the plaintext. */
  const rawShowsPlaintext = async (driveID: number, salt: string): Promise<boolean> => {
    const { data } = (await t.control('ReadRawMedia', { driveID, lba: 8, blocks: BLOCKS })) as { data: string };
    return Buffer.from(data, 'base64').includes(Buffer.from(`${salt}:plaintext:drive${driveID}:`));
  };
  const drivesOf = (nodeIDs: readonly number[]): number[] => drives.filter((d) => nodeIDs.includes(d.nodeID)).map((d) => d.driveID);

  beforeAll(async () => {
    t = await startTestCluster({ nodes: 4, drivesPerNode: 2, keyServers: ['kms1'] });
    drives = await listDrives(t.api);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('starts as 4 nodes with 2 active FIPS drives each, unencrypted', async () => {
    const { nodes } = (await t.api('ListActiveNodes')) as { nodes: { nodeID: number; uuid: string }[] };
    expect(nodes.map((n) => n.nodeID)).toEqual(NODES);
    for (const n of nodes) expect(n.uuid).toMatch(UUID);
    expect(drives).toHaveLength(8);
    expect(new Set(drives.map((d) => d.status))).toEqual(new Set(['active']));
    const hw = (await t.api('ListDriveHardware', { force: true })) as { nodes: { nodeID: number; result: { driveHardware: Record<string, unknown>[] } }[] };
    const all = hw.nodes.flatMap((n) => n.result.driveHardware);
    expect(all).toHaveLength(8);
    for (const d of all) expect(d).toMatchObject({ securitySupported: true, securityEnabled: false, securityLocked: false, driveEncryptionCapability: 'fips' });
    expect((await t.api('GetEncryptionAtRestInfo')).state).toBe('disabled');
  });

  it('without EAR a stolen drive reads back its plaintext (the thief check below can fail); the media itself is always ciphertext', async () => {
    await writeAll('before');
    await readBack(drivesOf(NODES), 'before');
    // An SED encrypts everything it stores; without EAR its media key is unprotected.
    expect(await rawShowsPlaintext(drives[0]!.driveID, 'before')).toBe(false);
    expect(stolenDriveRead(t.dir, drives[0]!, 'before')).toBe('plaintext');
  });

  it('enables internal keys: enabling, then enabled; every drive secured; data written before stays readable', async () => {
    expect(await t.api('EnableEncryptionAtRest')).toEqual({});
    const { clusterInfo } = (await t.api('GetClusterInfo')) as { clusterInfo: { encryptionAtRestState: string } };
    expect(['enabling', 'enabled']).toContain(clusterInfo.encryptionAtRestState);
    await waitForEar(t.api, 'enabled');
    const info = (await t.api('GetEncryptionAtRestInfo')) as { state: string; authenticationKeyInfo: { keyManagementType: string } };
    expect(info).toMatchObject({ state: 'enabled', authenticationKeyInfo: { keyManagementType: 'internal' } });
    for (const id of NODES) {
      const s = await nodeState(t.control, id);
      expect(s.node!.drives.every((d) => d.securityEnabled)).toBe(true);
      expect(s.node!.generations.filter((g) => g.holdsShare)).toHaveLength(1);
    }
    await readBack(drivesOf(NODES), 'before');
  });

  it('writes under internal keys; raw media shows no plaintext; a power cycle locks and unlocks every drive; data reads back identical', async () => {
    await writeAll('internal');
    for (const d of drives) expect(await rawShowsPlaintext(d.driveID, 'internal')).toBe(false);
    expect(stolenDriveRead(t.dir, drives[0]!, 'internal')).toBe('locked');
    await t.control('PowerCycleCluster');
    await waitUnlocked(t.control, NODES);
    await readBack(drivesOf(NODES), 'internal');
  });

  it('a single node powered on alone cannot unlock its drives; the cluster minus one can', async () => {
    for (const id of NODES) await t.control('PowerOffNode', { nodeID: id });
    await t.control('PowerOnNode', { nodeID: 1 });
    const alone = await waitFor('node 1 to give up for now', async () => {
      const s = await nodeState(t.control, 1);
      return s.online && s.node?.phase === 'locked' ? s : undefined;
    });
    expect(alone.node!.drives.every((d) => d.locked)).toBe(true);
    expect(alone.node!.unlockError).toMatch(/share/i);
    expect(await elementErrorName(t.control('ReadBlocks', { driveID: drivesOf([1])[0]!, lba: 8, blocks: 1 }))).toBe('xSimDriveLocked');
    // Its drives burned no Try on a wrong key: the lock-out counter is untouched.
    const hw = (await t.api('ListDriveHardware', { force: true })) as { nodes: { nodeID: number; result: { driveHardware: { securityAtMaximum: boolean; securityLocked: boolean }[] } }[] };
    for (const d of hw.nodes.find((n) => n.nodeID === 1)!.result.driveHardware) expect(d).toMatchObject({ securityLocked: true, securityAtMaximum: false });

    await t.control('PowerOnNode', { nodeID: 2 });
    await t.control('PowerOnNode', { nodeID: 3 });
    await waitUnlocked(t.control, [1, 2, 3]);
    await readBack(drivesOf([1, 2, 3]), 'internal');
    expect((await nodeState(t.control, 4)).online).toBe(false);
    await t.control('PowerOnNode', { nodeID: 4 });
    await waitUnlocked(t.control, NODES);
    await readBack(drivesOf([4]), 'internal');
  });

  let providerID: number;

  it('converts to external keys on a mock KMIP server: drives report keyID and keyProviderID; the provider is active', async () => {
    providerID = await setUpKeyProvider(t, 'kms1');
    expect(await t.api('EnableEncryptionAtRest', { keyProviderID: providerID })).toEqual({});
    await waitForEar(t.api, 'enabled');
    const info = (await t.api('GetEncryptionAtRestInfo')) as { authenticationKeyInfo: { keyManagementType: string; keyID: string; keyProviderID: number } };
    expect(info.authenticationKeyInfo).toMatchObject({ keyManagementType: 'external', keyProviderID: providerID });
    expect(info.authenticationKeyInfo.keyID).toMatch(UUID);
    await waitFor('every drive to report the external key', async () => {
      const now = await listDrives(t.api);
      return now.every((d) => d.keyID === info.authenticationKeyInfo.keyID && d.keyProviderID === providerID) ? true : undefined;
    });
    expect(await elementErrorName(t.api('DeleteKeyProviderKmip', { keyProviderID: providerID }))).toBe('xKeyProviderActive');
    const { kmipKeyProvider } = (await t.api('GetKeyProviderKmip', { keyProviderID: providerID })) as { kmipKeyProvider: { keyServerIDs: number[] } };
    expect(await elementErrorName(t.api('RemoveKeyServerFromProviderKmip', { keyServerID: kmipKeyProvider.keyServerIDs[0] }))).toBe('xKeyServerLastForActiveProvider');
    for (const id of NODES) expect((await nodeState(t.control, id)).node!.generations.map((g) => g.mode)).toEqual(['external']);
    await readBack(drivesOf(NODES), 'internal');
  });

  it('under external keys: write, power-cycle, read back identical; raw media shows no plaintext; a node alone unlocks by itself', async () => {
    await writeAll('external');
    for (const d of drives) expect(await rawShowsPlaintext(d.driveID, 'external')).toBe(false);
    await t.control('PowerCycleCluster');
    await waitUnlocked(t.control, NODES);
    await readBack(drivesOf(NODES), 'external');
    for (const id of NODES) await t.control('PowerOffNode', { nodeID: id });
    await t.control('PowerOnNode', { nodeID: 3 });
    await waitUnlocked(t.control, [3]);
    for (const id of [1, 2, 4]) await t.control('PowerOnNode', { nodeID: id });
    await waitUnlocked(t.control, NODES);
  });

  it('disables EAR: disabling, then disabled; the provider is inactive; drives unsecured; data intact across a power cycle', async () => {
    expect(await t.api('DisableEncryptionAtRest')).toEqual({});
    await waitForEar(t.api, 'disabled');
    const { kmipKeyProvider } = (await t.api('GetKeyProviderKmip', { keyProviderID: providerID })) as { kmipKeyProvider: { keyProviderIsActive: boolean } };
    expect(kmipKeyProvider.keyProviderIsActive).toBe(false);
    await t.control('PowerCycleCluster');
    await waitUnlocked(t.control, NODES);
    for (const id of NODES) expect((await nodeState(t.control, id)).node!.drives.every((d) => !d.securityEnabled && !d.locked)).toBe(true);
    await readBack(drivesOf(NODES), 'external');
  });

  it('secure-erases an available drive (removed first): erasing, then available; its old data is gone for good; it can be added back', async () => {
    const victim = drives[drives.length - 1]!;
    expect(await elementErrorName(t.api('SecureEraseDrives', { drives: [victim.driveID] }))).toBe('xAPINotPermitted');
    const removal = (await t.api('RemoveDrives', { drives: [victim.driveID] })) as { asyncHandle: number };
    await waitFor('the removal', async () => ((await t.api('GetAsyncResult', { asyncHandle: removal.asyncHandle, keepResult: true })).status === 'complete' ? true : undefined));
    expect((await listDrives(t.api)).find((d) => d.driveID === victim.driveID)!.status).toBe('available');
    const { asyncHandle } = (await t.api('SecureEraseDrives', { drives: [victim.driveID] })) as { asyncHandle: number };
    const result = await waitFor('the erase', async () => {
      const r = (await t.api('GetAsyncResult', { asyncHandle })) as { status: string; result?: unknown; error?: unknown };
      return r.status === 'complete' ? r : undefined;
    });
    expect(result.error).toBeUndefined();
    // Read without keepResult: purged.
    expect(await elementErrorName(t.api('GetAsyncResult', { asyncHandle }))).toBe('xAsyncHandleDoesNotExist');
    const { data } = (await t.control('ReadBlocks', { driveID: victim.driveID, lba: 8, blocks: BLOCKS })) as { data: string };
    expect(Buffer.from(data, 'base64').equals(pattern(victim.driveID, BLOCKS, 'external'))).toBe(false);
    expect(Buffer.from(data, 'base64').includes(Buffer.from('plaintext'))).toBe(false);
    await t.api('AddDrives', { drives: [victim.driveID] });
    expect((await listDrives(t.api)).find((d) => d.driveID === victim.driveID)!.status).toBe('active');
  });
});
