import { SedLockedError } from '@ekmsim/sed';
import { describe, expect, it } from 'vitest';
import { ak, enableEncryption, expectStatus, newDrive, pattern, powerCycle } from './support/drives.js';

describe('ownership, activation and the AK', () => {
  it('takes ownership with the MSID, after which the MSID no longer authenticates as SID', () => {
    const { drive } = newDrive();
    const sid = ak();
    drive.takeOwnership(sid);
    expect(drive.getStatus().owned).toBe(true);
    expectStatus(() => drive.takeOwnership(ak()), 'NOT_AUTHORIZED');
    expectStatus(() => drive.activateLockingSp(drive.readMsid()), 'NOT_AUTHORIZED');
    drive.activateLockingSp(sid);
    drive.activateLockingSp(sid); // already Manufactured: succeeds, changes nothing
    expect(drive.getStatus()).toMatchObject({ lockingSp: 'Manufactured', lockingEnabled: false });
  });

  it('answers SP_DISABLED to Locking SP authorities before activation', () => {
    const { drive } = newDrive();
    expectStatus(() => drive.lockUnlock('Admin1', drive.readMsid(), 'LK'), 'SP_DISABLED');
    expectStatus(() => drive.setPassword('User1', drive.readMsid(), ak()), 'SP_DISABLED');
  });

  it('answers INVALID_PARAMETER to a PIN over 256 bytes and to unknown names', () => {
    const { drive } = newDrive();
    expectStatus(() => drive.takeOwnership(new Uint8Array(257)), 'INVALID_PARAMETER');
    const key = ak();
    enableEncryption(drive, key);
    expectStatus(() => drive.lockUnlock('Admin1', key, 'XX' as 'LK'), 'INVALID_PARAMETER');
    expectStatus(() => drive.lockUnlock('Admin9' as 'Admin1', key, 'LK'), 'INVALID_PARAMETER');
    expectStatus(() => drive.genKey('Admin1', key, 'Range9' as 'Range1'), 'INVALID_PARAMETER');
  });

  it('gives Admin1 and User1 the SID PIN at activation; each changes its own', () => {
    const { drive } = newDrive();
    const sid = ak();
    const [admin, user] = [ak(), ak()];
    drive.takeOwnership(sid);
    drive.activateLockingSp(sid);
    drive.setPassword('Admin1', sid, admin);
    drive.setPassword('User1', sid, user);
    expectStatus(() => drive.lockUnlock('Admin1', sid, 'LK'), 'NOT_AUTHORIZED');
    drive.lockUnlock('Admin1', admin, 'LK');
    drive.lockUnlock('User1', user, 'RW');
  });
});

describe('locking with LockOnReset {PowerCycle}', () => {
  it('comes up locked after a power cycle and refuses I/O until unlocked with the AK; data reads back identical', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    const data = pattern('customer volume block ', 16);
    drive.writeBlocks(1000, data);
    drive.flush();

    const booted = powerCycle(drive, dir);
    expect(booted.getStatus()).toMatchObject({ lockingEnabled: true, locked: true });
    expect(booted.securityState().value).toEqual({ adminSp: 'owned', sid: 'ok', lockingSp: { active: { globalRange: 'locked', admin1: 'ok', user1: 'ok' } } });
    const refusal = (() => {
      try {
        booted.readBlocks(1000, 1);
      } catch (e) {
        return e;
      }
    })();
    expect(refusal).toBeInstanceOf(SedLockedError);
    expect(refusal).toMatchObject({ status: 'ACCESS_DENIED', range: 'Global', lock: 'read', lba: 1000 });
    expect(() => booted.writeBlocks(5, pattern('w', 1))).toThrow(expect.objectContaining({ range: 'Global', lock: 'write' }));

    expectStatus(() => booted.lockUnlock('Admin1', ak(), 'RW'), 'NOT_AUTHORIZED');
    booted.lockUnlock('Admin1', key, 'RW');
    expect(booted.readBlocks(1000, 16)).toEqual(data);
    booted.powerOff();
  });

  it('locks reads and writes with LK, only writes with RO', () => {
    const { drive } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    const data = pattern('ro ', 1);
    drive.writeBlocks(0, data);
    drive.lockUnlock('Admin1', key, 'RO');
    expect(drive.readBlocks(0, 1)).toEqual(data);
    expect(() => drive.writeBlocks(0, data)).toThrow(expect.objectContaining({ lock: 'write' }));
    drive.lockUnlock('Admin1', key, 'LK');
    expect(() => drive.readBlocks(0, 1)).toThrow(SedLockedError);
    drive.lockUnlock('User1', key, 'RW');
    expect(drive.readBlocks(0, 1)).toEqual(data);
  });

  it('without LockOnReset, a power cycle keeps the lock state the drive had', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    drive.takeOwnership(key);
    drive.activateLockingSp(key);
    drive.setupLockingRange('Admin1', key, { readLockEnabled: true, writeLockEnabled: true, lockOnReset: [] });
    const data = pattern('kept ', 2);
    drive.writeBlocks(3, data);
    let again = powerCycle(drive, dir);
    expect(again.readBlocks(3, 2)).toEqual(data);
    again.lockUnlock('Admin1', key, 'LK');
    again = powerCycle(again, dir);
    expect(again.getStatus().locked).toBe(true);
    expect(() => again.readBlocks(3, 1)).toThrow(SedLockedError);
    again.lockUnlock('Admin1', key, 'RW');
    expect(again.readBlocks(3, 2)).toEqual(data);
    again.powerOff();
  });

  it('disabling the locks opens the range (and re-enabling starts unlocked)', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    drive.writeBlocks(0, pattern('open ', 1));
    let again = powerCycle(drive, dir);
    again.setupLockingRange('Admin1', key, { readLockEnabled: false, writeLockEnabled: false, lockOnReset: ['PowerCycle'] });
    expect(again.readBlocks(0, 1)).toEqual(pattern('open ', 1));
    again = powerCycle(again, dir);
    expect(again.getStatus().locked).toBe(false);
    again.setupLockingRange('Admin1', key, { readLockEnabled: true, writeLockEnabled: true, lockOnReset: ['PowerCycle'] });
    expect(again.readBlocks(0, 1)).toEqual(pattern('open ', 1));
    again.powerOff();
  });
});

describe('Range1..8', () => {
  it('locks a range on its own and uses its own MEK', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    drive.takeOwnership(key);
    drive.activateLockingSp(key);
    drive.writeBlocks(100, pattern('before range1 ', 1));
    drive.setupLockingRange('Admin1', key, { range: 'Range1', start: 100, length: 50, readLockEnabled: true, writeLockEnabled: true, lockOnReset: ['PowerCycle'] });
    // LBA 100 now belongs to Range1, whose key differs: what the Global Range wrote there is garbage.
    expect(drive.readBlocks(100, 1)).not.toEqual(pattern('before range1 ', 1));
    drive.writeBlocks(100, pattern('range1 ', 1));
    drive.writeBlocks(99, pattern('global ', 1));
    const again = powerCycle(drive, dir);
    expect(again.readBlocks(99, 1)).toEqual(pattern('global ', 1));
    expect(() => again.readBlocks(99, 2)).toThrow(expect.objectContaining({ range: 'Range1', lba: 100 }));
    again.lockUnlock('Admin1', key, 'RW', 'Range1');
    expect(again.readBlocks(100, 1)).toEqual(pattern('range1 ', 1));
    expect(again.getStatus().ranges[1]).toMatchObject({ name: 'Range1', start: 100, length: 50, readLocked: false });
    again.powerOff();
  });

  it('refuses overlapping ranges and bounds on the Global Range', () => {
    const { drive } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    const base = { readLockEnabled: true, writeLockEnabled: true, lockOnReset: [] } as const;
    drive.setupLockingRange('Admin1', key, { ...base, range: 'Range1', start: 0, length: 10 });
    expectStatus(() => drive.setupLockingRange('Admin1', key, { ...base, range: 'Range2', start: 5, length: 10 }), 'INVALID_PARAMETER');
    expectStatus(() => drive.setupLockingRange('Admin1', key, { ...base, range: 'Range2', start: 16_380, length: 10 }), 'INVALID_PARAMETER');
    expectStatus(() => drive.setupLockingRange('Admin1', key, { ...base, start: 1, length: 1 }), 'INVALID_PARAMETER');
    drive.setupLockingRange('Admin1', key, { ...base, range: 'Range2', start: 10, length: 10 });
  });
});
