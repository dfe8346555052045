import type { DriveCore } from './drive-core.js';
import { SedIoError, SedLockedError } from './io-errors.js';
import type { LockingRange } from './locking-range.js';
import { decryptBlock, encryptBlock } from './media-cipher.js';

/**
 * Host reads and writes (NVMe Read/Write), through the locking ranges. A command touching a
 * locked LBA is refused whole, with the range and lock named; the host never gets ciphertext.
 *
 * A block never written is a hole in the media file and reads as zeros, as a deallocated LBA does
 * on an NVMe drive. A block written before a crypto erase still holds its old ciphertext, which
 * now decrypts under the new MEK to garbage: that is what a crypto-erased drive returns, and the
 * old plaintext cannot come back (the old MEK is gone).
 */
export function writeBlocks(core: DriveCore, lba: number, data: Uint8Array): void {
  core.checkReady();
  const bs = core.blockSize;
  if (data.length === 0 || data.length % bs !== 0) {
    throw new SedIoError('LBA_OUT_OF_RANGE', `write of ${data.length} bytes is not a whole number of ${bs}-byte blocks`);
  }
  const ranges = checkAccess(core, lba, data.length / bs, 'write');
  const out = new Uint8Array(data.length);
  for (const [i, range] of ranges.entries()) {
    out.set(encryptBlock(range.key(), lba + i, data.subarray(i * bs, (i + 1) * bs)), i * bs);
  }
  core.media.write(lba, out);
}

export function readBlocks(core: DriveCore, lba: number, blocks: number): Uint8Array {
  core.checkReady();
  const ranges = checkAccess(core, lba, blocks, 'read');
  const bs = core.blockSize;
  const data = core.media.read(lba, blocks);
  for (const [i, range] of ranges.entries()) {
    const block = data.subarray(i * bs, (i + 1) * bs);
    if (!isZero(block)) block.set(decryptBlock(range.key(), lba + i, block));
  }
  return data;
}

/** What someone holding the bare media reads: the stored ciphertext, no lock checks. */
export function readRawMedia(core: DriveCore, lba: number, blocks: number): Uint8Array {
  core.checkReady();
  checkExtent(core, lba, blocks);
  return core.media.read(lba, blocks);
}

function checkExtent(core: DriveCore, lba: number, blocks: number): void {
  if (!Number.isSafeInteger(lba) || !Number.isSafeInteger(blocks) || lba < 0 || blocks < 1 || lba + blocks > core.blockCount) {
    throw new SedIoError('LBA_OUT_OF_RANGE', `LBA ${lba} + ${blocks} blocks is outside 0..${core.blockCount - 1}`);
  }
}

/** The range of each block, after checking none is locked for `access`. */
function checkAccess(core: DriveCore, lba: number, blocks: number, access: 'read' | 'write'): LockingRange[] {
  checkExtent(core, lba, blocks);
  const ranges: LockingRange[] = [];
  for (let i = 0; i < blocks; i++) {
    const range = core.rangeFor(lba + i);
    if (access === 'read' ? range.readLocked : range.writeLocked) throw new SedLockedError(range.name, access, lba + i);
    ranges.push(range);
  }
  return ranges;
}

function isZero(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}
