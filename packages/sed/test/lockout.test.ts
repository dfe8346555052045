import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECORD_FILE } from '@ekmsim/sed';
import { describe, expect, it } from 'vitest';
import { ak, enableEncryption, expectStatus, newDrive, powerCycle } from './support/drives.js';

describe('Tries and TryLimit', () => {
  it('locks Admin1 out after 5 wrong AKs: even the right AK gets AUTHORITY_LOCKED_OUT until a power cycle', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    let booted = powerCycle(drive, dir);
    for (let i = 1; i <= 5; i++) {
      const e = expectStatus(() => booted.lockUnlock('Admin1', ak(), 'RW'), 'NOT_AUTHORIZED');
      expect(e.statusCode).toBe(0x01);
      expect(booted.getStatus().authorities.Admin1?.tries).toBe(i);
    }
    const locked = expectStatus(() => booted.lockUnlock('Admin1', key, 'RW'), 'AUTHORITY_LOCKED_OUT');
    expect(locked.statusCode).toBe(0x12);
    expect(booted.getStatus()).toMatchObject({ atMaximum: true, locked: true });
    expect(booted.securityState().value).toMatchObject({ lockingSp: { active: { admin1: 'lockedOut', user1: 'ok' } } });
    // Counters are per authority: User1 still unlocks.
    booted.lockUnlock('User1', key, 'RW');
    booted.lockUnlock('User1', key, 'LK');

    booted = powerCycle(booted, dir);
    expect(booted.getStatus().authorities.Admin1).toEqual({ tries: 0, tryLimit: 5, persistence: false, lockedOut: false });
    booted.lockUnlock('Admin1', key, 'RW');
    booted.powerOff();
  });

  it('resets Tries on a successful authentication', () => {
    const { drive } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    for (let i = 0; i < 4; i++) expectStatus(() => drive.lockUnlock('Admin1', ak(), 'LK'), 'NOT_AUTHORIZED');
    drive.lockUnlock('Admin1', key, 'LK');
    expect(drive.getStatus().authorities.Admin1?.tries).toBe(0);
    for (let i = 0; i < 4; i++) expectStatus(() => drive.lockUnlock('Admin1', ak(), 'LK'), 'NOT_AUTHORIZED');
    drive.lockUnlock('Admin1', key, 'RW');
  });

  it('locks SID out too (taking ownership of an owned drive burns SID tries)', () => {
    const { drive, dir } = newDrive();
    const sid = ak();
    drive.takeOwnership(sid);
    for (let i = 0; i < 5; i++) expectStatus(() => drive.takeOwnership(ak()), 'NOT_AUTHORIZED');
    expectStatus(() => drive.activateLockingSp(sid), 'AUTHORITY_LOCKED_OUT');
    expectStatus(() => drive.revert(sid), 'AUTHORITY_LOCKED_OUT');
    // A power cycle clears the lockout.
    const again = powerCycle(drive, dir);
    again.activateLockingSp(sid);
    // So does a PSID revert (the PSID has no try limit), which also resets the drive to factory.
    for (let i = 0; i < 5; i++) expectStatus(() => again.revert(ak()), 'NOT_AUTHORIZED');
    expectStatus(() => again.revert(sid), 'AUTHORITY_LOCKED_OUT');
    for (let i = 0; i < 10; i++) expectStatus(() => again.psidRevert(ak()), 'NOT_AUTHORIZED');
    again.psidRevert(new TextEncoder().encode(again.label.psid));
    expect(again.securityState().value).toEqual({ adminSp: 'unowned', sid: 'ok', lockingSp: 'inactive' });
    again.powerOff();
  });

  it('honours a drive-specific TryLimit', () => {
    const { drive } = newDrive({ tryLimit: 2 });
    const key = ak();
    enableEncryption(drive, key);
    expectStatus(() => drive.lockUnlock('Admin1', ak(), 'LK'), 'NOT_AUTHORIZED');
    expectStatus(() => drive.lockUnlock('Admin1', ak(), 'LK'), 'NOT_AUTHORIZED');
    expectStatus(() => drive.lockUnlock('Admin1', key, 'LK'), 'AUTHORITY_LOCKED_OUT');
  });

  it('keeps Tries across power cycles in a row whose Persistence column is true', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    drive.powerOff();
    // No command sets Persistence (Element never does); a vendor could ship it set.
    const path = join(dir, RECORD_FILE);
    const record = JSON.parse(readFileSync(path, 'utf8')) as { cpin: { Admin1: { persistence: boolean } } };
    record.cpin.Admin1.persistence = true;
    writeFileSync(path, JSON.stringify(record));
    let booted = powerCycle(drive, dir);
    for (let i = 0; i < 3; i++) expectStatus(() => booted.lockUnlock('Admin1', ak(), 'RW'), 'NOT_AUTHORIZED');
    booted = powerCycle(booted, dir);
    expect(booted.getStatus().authorities.Admin1).toMatchObject({ tries: 3, persistence: true });
    for (let i = 0; i < 2; i++) expectStatus(() => booted.lockUnlock('Admin1', ak(), 'RW'), 'NOT_AUTHORIZED');
    booted = powerCycle(booted, dir);
    expectStatus(() => booted.lockUnlock('Admin1', key, 'RW'), 'AUTHORITY_LOCKED_OUT');
    booted.lockUnlock('User1', key, 'RW'); // User1's row is not persistent
    booted.powerOff();
  });
});
