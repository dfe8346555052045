/**
 * The control API's host I/O (`/sim/json-rpc/1.0`): what a server attached to a drive reads and
 * writes, and what someone holding the bare drive reads off its media. 4 KiB blocks, base64.
 */
import { EMPTY_RESULT, defineMethod } from '../method.js';
import { BLOCK_BYTES, MAX_BLOCKS_PER_CALL, blocksInData } from '../block-data.js';
import { SIM_ERROR_NAMES } from '../sim-control.js';
import { simControl } from './sim-context.js';

const driveID = { name: 'driveID', type: 'integer', required: true, description: 'ID of the drive (ListDrives)' } as const;
const lba = { name: 'lba', type: 'integer', required: true, min: 0, description: `First block (${BLOCK_BYTES} bytes each)` } as const;
const blocks = { name: 'blocks', type: 'integer', required: true, min: 1, max: MAX_BLOCKS_PER_CALL, description: 'How many blocks to read' } as const;

const LOCKED = `A locked drive answers \`${SIM_ERROR_NAMES.driveLocked}\` naming the range and the lock (\`drive 3: read refused at LBA 0: locking range Global is read-locked\`).`;
const IO_ERRORS = [SIM_ERROR_NAMES.unknownDrive, SIM_ERROR_NAMES.nodeOffline, SIM_ERROR_NAMES.driveIoError];

export const writeBlocks = defineMethod({
  name: 'WriteBlocks',
  since: '1.0',
  params: [
    driveID,
    lba,
    { name: 'data', type: 'string', required: true, description: `Canonical base64 of 1 to ${MAX_BLOCKS_PER_CALL} whole blocks (${BLOCK_BYTES} bytes each)` },
  ],
  changesState: true,
  result: '`{}`',
  errors: ['xInvalidParameter', SIM_ERROR_NAMES.driveLocked, ...IO_ERRORS],
  description: `Host write through the drive's node; the drive encrypts it onto its media. ${LOCKED} Writing past the last block is \`${SIM_ERROR_NAMES.driveIoError}\`.`,
  run: async (ctx, p) => {
    blocksInData(p.data);
    await simControl(ctx).writeBlocks(p);
    return EMPTY_RESULT;
  },
  // Never the data: its size only.
  audit: (p) => ({ driveID: p.driveID, lba: p.lba, dataChars: p.data.length }),
});

export const readBlocks = defineMethod({
  name: 'ReadBlocks',
  since: '1.0',
  params: [driveID, lba, blocks],
  changesState: false,
  result: '`data`: string (base64 of `blocks` × 4096 bytes, as written)',
  errors: [SIM_ERROR_NAMES.driveLocked, ...IO_ERRORS],
  description: `Host read through the drive's node. ${LOCKED}`,
  run: async (ctx, p) => ({ data: (await simControl(ctx).readBlocks(p)).data }),
});

export const readRawMedia = defineMethod({
  name: 'ReadRawMedia',
  since: '1.0',
  params: [driveID, lba, blocks],
  changesState: false,
  result: '`data`: string (base64 of the media as stored: ciphertext under the drive\'s media key)',
  errors: IO_ERRORS,
  description: 'What someone holding the bare drive reads off its media, below the drive\'s locks: the ciphertext of what was written. Works on a locked drive. (With EAR off the media key is wrapped under the public MSID, so the ciphertext protects nothing; with EAR on it is unreadable without the AK.)',
  run: async (ctx, p) => ({ data: (await simControl(ctx).readRawMedia(p)).data }),
});
