import { utf8Encode } from '@ekmsim/core';
import { describe, expect, it } from 'vitest';
import { ak, enableEncryption, expectStatus, newDrive, pattern, powerCycle } from './support/drives.js';

const DATA = pattern('secret customer data ', 8);

describe('crypto erase', () => {
  it('GenKey: the same AK unlocks, but the old data never reads back (garbage, not zeros); new writes work', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    drive.writeBlocks(500, DATA);
    const rawBefore = drive.readRawMedia(500, 8);
    drive.genKey('Admin1', key);
    const after = drive.readBlocks(500, 8);
    expect(after).not.toEqual(DATA);
    expect(after).not.toEqual(new Uint8Array(DATA.length));
    expect(drive.readRawMedia(500, 8)).toEqual(rawBefore); // the ciphertext is still there, its key is not

    const again = powerCycle(drive, dir);
    again.lockUnlock('Admin1', key, 'RW');
    expect(again.readBlocks(500, 8)).toEqual(after);
    again.writeBlocks(500, DATA);
    expect(again.readBlocks(500, 8)).toEqual(DATA);
    again.powerOff();
  });

  it('eraseRange is GenKey', () => {
    const { drive } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    drive.writeBlocks(0, DATA);
    drive.eraseRange('User1', key);
    expect(drive.readBlocks(0, 8)).not.toEqual(DATA);
  });

  it('PSID revert: factory state, SID back to the MSID, the old AK useless and the data gone for good', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    drive.writeBlocks(10, DATA);
    const booted = powerCycle(drive, dir);
    expectStatus(() => booted.psidRevert(utf8Encode('NOT-THE-PSID')), 'NOT_AUTHORIZED');
    booted.psidRevert(utf8Encode(booted.label.psid));
    expect(booted.getStatus()).toMatchObject({ owned: false, lockingSp: 'Manufactured-Inactive', locked: false });
    expect(booted.readBlocks(10, 8)).not.toEqual(DATA);
    expectStatus(() => booted.lockUnlock('Admin1', key, 'RW'), 'SP_DISABLED');
    expectStatus(() => booted.activateLockingSp(key), 'NOT_AUTHORIZED');

    // Even re-establishing the same AK brings nothing back.
    const again = powerCycle(booted, dir);
    enableEncryption(again, key);
    again.lockUnlock('Admin1', key, 'RW');
    expect(again.readBlocks(10, 8)).not.toEqual(DATA);
    again.powerOff();
  });

  it('Revert as SID and RevertSP as Admin1 also erase', () => {
    const { drive } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    drive.writeBlocks(0, DATA);
    drive.revertLockingSp(key);
    expect(drive.getStatus()).toMatchObject({ owned: true, lockingSp: 'Manufactured-Inactive' });
    expect(drive.readBlocks(0, 8)).not.toEqual(DATA);

    drive.activateLockingSp(key);
    drive.writeBlocks(0, DATA);
    drive.revert(key);
    expect(drive.getStatus()).toMatchObject({ owned: false, lockingSp: 'Manufactured-Inactive' });
    expect(drive.readBlocks(0, 8)).not.toEqual(DATA);
    drive.takeOwnership(key); // SID is the MSID again
  });

  it('GenKey on Range1 leaves the Global Range intact', () => {
    const { drive } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    drive.setupLockingRange('Admin1', key, { range: 'Range1', start: 0, length: 8, readLockEnabled: true, writeLockEnabled: true, lockOnReset: [] });
    drive.writeBlocks(0, DATA);
    drive.writeBlocks(8, DATA);
    drive.genKey('Admin1', key, 'Range1');
    expect(drive.readBlocks(0, 8)).not.toEqual(DATA);
    expect(drive.readBlocks(8, 8)).toEqual(DATA);
  });
});
