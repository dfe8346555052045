/**
 * The drives a node powered on in this process, by serial, seen through `getStatus` (which the
 * node calls to report its state): lets a test read counters the wire never carries, such as
 * an authority's Tries.
 */
import { SelfEncryptingDrive } from '@ekmsim/sed';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

export function watchDrives(): Map<string, SelfEncryptingDrive> {
  const drives = new Map<string, SelfEncryptingDrive>();
  const { getStatus } = Object.getOwnPropertyDescriptors(SelfEncryptingDrive.prototype);
  const original = getStatus?.value as (this: SelfEncryptingDrive) => ReturnType<SelfEncryptingDrive['getStatus']>;
  vi.spyOn(SelfEncryptingDrive.prototype, 'getStatus').mockImplementation(function (this: SelfEncryptingDrive) {
    const status = original.call(this);
    drives.set(status.label.serial, this);
    return status;
  });
  return drives;
}

export function admin1Tries(drive: SelfEncryptingDrive | undefined): number | undefined {
  return drive?.getStatus().authorities.Admin1?.tries;
}
