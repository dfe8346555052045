/**
 * Host I/O through the control API moves whole 4 KiB blocks as base64, at most 256 per call
 * (1 MiB, 1.4 MB of base64: inside the request limit and one wire message). WriteBlocks' `data`
 * is checked here before anything reaches a drive; the messages give sizes, never the data.
 */
import { ElementApiError } from '@ekmsim/master';
import { API_ERROR_NAMES } from './errors.js';

export const BLOCK_BYTES = 4096;
export const MAX_BLOCKS_PER_CALL = 256;

/** Longest base64 text of MAX_BLOCKS_PER_CALL blocks; anything longer is refused unread. */
const MAX_DATA_CHARS = Math.ceil((MAX_BLOCKS_PER_CALL * BLOCK_BYTES) / 3) * 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const invalidData = (why: string): ElementApiError => new ElementApiError(API_ERROR_NAMES.invalidParameter, `data: ${why}`);

/**
 * How many blocks base64 `data` holds. Strict: standard alphabet, padded, no whitespace, and
 * canonical (decoding and re-encoding gives the same text), so what is written is exactly what
 * was meant.
 */
export function blocksInData(data: string): number {
  if (data.length > MAX_DATA_CHARS) throw invalidData(`more than ${MAX_BLOCKS_PER_CALL} blocks; write at most ${MAX_BLOCKS_PER_CALL * BLOCK_BYTES} bytes per call`);
  if (data.length % 4 !== 0 || !BASE64.test(data) || Buffer.from(data, 'base64').toString('base64') !== data) {
    throw invalidData(`not canonical base64 (standard alphabet, '=' padding, no whitespace)`);
  }
  const bytes = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (bytes === 0) throw invalidData(`empty; write 1 to ${MAX_BLOCKS_PER_CALL} blocks of ${BLOCK_BYTES} bytes`);
  if (bytes % BLOCK_BYTES !== 0) throw invalidData(`${bytes} bytes is not a whole number of ${BLOCK_BYTES}-byte blocks`);
  return bytes / BLOCK_BYTES;
}
