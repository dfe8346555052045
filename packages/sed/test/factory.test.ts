import { DRIVE_DEFAULTS, openDrive, SedIoError, SedStoreError, createDrive } from '@ekmsim/sed';
import { utf8Decode } from '@ekmsim/core';
import { describe, expect, it } from 'vitest';
import { clock, newDrive, pattern, powerCycle, rng, scratchDir } from './support/drives.js';

describe('a factory-new drive', () => {
  it('has the KCD5FLUG1T92 label, 4 KiB blocks and a 32-character PSID', () => {
    const dir = scratchDir();
    const drive = createDrive({ dir, serial: '9D7XK0ABCD', clock, rng: rng() });
    expect(drive.label).toMatchObject({ model: 'KCD5FLUG1T92', serial: '9D7XK0ABCD', capacityBytes: 1_920_383_410_176, fips: true });
    expect(drive.label.psid).toMatch(/^[A-Z0-9]{32}$/);
    expect(drive.blockSize).toBe(4096);
    expect(drive.blockCount).toBe(Math.floor(DRIVE_DEFAULTS.capacityBytes / 4096));
    drive.powerOff();
  });

  it('is unowned, its Locking SP inactive, and anybody reads its MSID', () => {
    const { drive } = newDrive();
    const status = drive.getStatus();
    expect(status).toMatchObject({ owned: false, lockingSp: 'Manufactured-Inactive', lockingEnabled: false, locked: false, atMaximum: false });
    expect(status.authorities.SID).toEqual({ tries: 0, tryLimit: 5, persistence: false, lockedOut: false });
    expect(status.authorities.Admin1).toBeUndefined();
    expect(utf8Decode(drive.readMsid())).toMatch(/^[A-Z0-9]{32}$/);
    expect(drive.securityState()).toEqual({ value: { adminSp: 'unowned', sid: 'ok', lockingSp: 'inactive' }, context: { lockOnReset: true } });
  });

  it('reads and writes for anyone, before and after a power cycle: data is not protected until the credential differs from the MSID', () => {
    const { drive, dir } = newDrive();
    const data = pattern('factory data ', 3);
    drive.writeBlocks(7, data);
    expect(drive.readBlocks(7, 3)).toEqual(data);
    const again = powerCycle(drive, dir);
    expect(again.readBlocks(7, 3)).toEqual(data);
    again.powerOff();
  });

  it('reads never-written blocks as zeros', () => {
    const { drive } = newDrive();
    drive.writeBlocks(100, pattern('x', 1));
    expect(drive.readBlocks(0, 2)).toEqual(new Uint8Array(8192));
    expect(drive.readBlocks(16_383, 1)).toEqual(new Uint8Array(4096));
  });

  it('refuses I/O outside the namespace or in partial blocks with LBA_OUT_OF_RANGE', () => {
    const { drive } = newDrive();
    for (const fn of [
      () => drive.readBlocks(16_384, 1),
      () => drive.readBlocks(16_383, 2),
      () => drive.readBlocks(-1, 1),
      () => drive.readBlocks(0, 0),
      () => drive.writeBlocks(0, new Uint8Array(100)),
      () => drive.writeBlocks(0, new Uint8Array(0)),
      () => drive.readRawMedia(16_384, 1),
    ]) {
      expect(fn).toThrow(SedIoError);
      try {
        fn();
      } catch (e) {
        expect((e as SedIoError).status).toBe('LBA_OUT_OF_RANGE');
      }
    }
  });

  it('refuses every command once powered off', () => {
    const { drive } = newDrive();
    drive.powerOff();
    expect(() => drive.readBlocks(0, 1)).toThrow(expect.objectContaining({ status: 'POWERED_OFF' }));
    expect(() => drive.getStatus()).toThrow(SedIoError);
  });

  it('will not create over an existing drive, and reports a missing or damaged one', () => {
    const { drive, dir } = newDrive();
    drive.powerOff();
    expect(() => createDrive({ dir, serial: 'X', clock, rng: rng() })).toThrow(expect.objectContaining({ kind: 'exists' }));
    expect(() => openDrive(scratchDir(), { clock, rng: rng() })).toThrow(expect.objectContaining({ kind: 'notFound' }));
    expect(() => openDrive(scratchDir(), { clock, rng: rng() })).toThrow(SedStoreError);
  });
});
