/**
 * Host reads and writes on the master's behalf (the simulator's WriteBlocks, ReadBlocks and
 * ReadRawMedia), by serial. The drive decides: a locked range refuses with the range and lock
 * named (NODE_DRIVE_LOCKED), an extent outside the drive is NODE_IO_ERROR.
 */
import { NODE_ERROR_CODES } from '@ekmsim/wire';
import type { DriveBay } from './drive-bays.js';
import { NodeError } from './errors.js';

/** Per call: 256 blocks of 4 KiB are ~1.4 MB of base64, well inside one wire message. */
export const MAX_IO_BLOCKS = 256;

export function writeBlocks(bay: DriveBay, lba: number, data: string): void {
  const bytes = Buffer.from(data, 'base64');
  checkSize(Math.ceil(bytes.length / bay.drive.blockSize));
  bay.drive.writeBlocks(lba, bytes);
}

export function readBlocks(bay: DriveBay, lba: number, blocks: number): string {
  checkSize(blocks);
  return base64(bay.drive.readBlocks(lba, blocks));
}

/** What a thief reading the bare media gets: ciphertext, whatever the locks. */
export function readRawMedia(bay: DriveBay, lba: number, blocks: number): string {
  checkSize(blocks);
  return base64(bay.drive.readRawMedia(lba, blocks));
}

function checkSize(blocks: number): void {
  if (blocks > MAX_IO_BLOCKS) throw new NodeError(NODE_ERROR_CODES.badRequest, `${blocks} blocks in one call; at most ${MAX_IO_BLOCKS}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}
