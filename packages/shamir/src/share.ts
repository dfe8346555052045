/**
 * One share of a split: which split (splitId), which point (index, 1–255) and the point's data.
 *
 * A Share is opaque: its data is reachable only through `encodeShare`, the form nodes persist
 * and send. `JSON.stringify(share)` and `util.inspect(share)` show it redacted, so a share that
 * ends up in a log by accident leaks nothing, and one sent with plain JSON.stringify fails
 * loudly at `decodeShare` instead of travelling.
 */
import { inspect } from 'node:util';
import { bytesOfHex, hexOf } from './hex.js';
import { malformed, readHex, readInt, readRecord } from './json-fields.js';
import { MAX_SECRET_BYTES, MAX_SHARES, SPLIT_ID_BYTES, shareDataLength } from './limits.js';

export const SHARE_KIND = 'ekmsim.shamir.share';
export const SHARE_VERSION = 1;

/** The JSON-safe form of a share (all hex lowercase). */
export interface ShareJson {
  readonly kind: typeof SHARE_KIND;
  readonly version: typeof SHARE_VERSION;
  /** 16 bytes, hex: the split this share belongs to. */
  readonly splitId: string;
  /** The share's x coordinate, 1–255. */
  readonly index: number;
  /** The share's y values (one byte per secret segment), hex. */
  readonly data: string;
}

let dataOf!: (share: Share) => Uint8Array;
let isShare!: (value: unknown) => value is Share;

export class Share {
  readonly splitId: string;
  readonly index: number;
  readonly #data: Uint8Array;

  static {
    dataOf = (share) => share.#data;
    isShare = (value): value is Share => typeof value === 'object' && value !== null && #data in value;
  }

  /** Internal: shares come from `splitAuthenticationKey` or `decodeShare`. Takes ownership of `data`. */
  constructor(splitId: string, index: number, data: Uint8Array) {
    this.splitId = splitId;
    this.index = index;
    this.#data = data;
    Object.freeze(this);
  }

  toJSON(): Omit<ShareJson, 'data'> & { data: '[redacted]' } {
    return { kind: SHARE_KIND, version: SHARE_VERSION, splitId: this.splitId, index: this.index, data: '[redacted]' };
  }

  [inspect.custom](): string {
    return `Share { splitId: '${this.splitId}', index: ${this.index}, data: [redacted] }`;
  }
}

/** Internal: the share's data bytes (not a copy: do not modify). */
export function shareData(share: Share): Uint8Array {
  return dataOf(share);
}

export { isShare };

/** The JSON-safe form of `share`, for a node's state file or a wire message. */
export function encodeShare(share: Share): ShareJson {
  if (!isShare(share)) throw malformed('share', '(value)', 'is not a Share');
  return { kind: SHARE_KIND, version: SHARE_VERSION, splitId: share.splitId, index: share.index, data: hexOf(dataOf(share)) };
}

/** Largest share data a valid split can produce. */
const MAX_DATA_BYTES = shareDataLength(MAX_SECRET_BYTES);

/**
 * A Share from its JSON form, validated strictly (MALFORMED_SHARE otherwise). Whether it belongs
 * to a given split and is unaltered is decided against that split's KeyCheck (`verifyShare`).
 */
export function decodeShare(json: unknown): Share {
  const r = readRecord('share', json, SHARE_KIND, SHARE_VERSION, ['kind', 'version', 'splitId', 'index', 'data']);
  const splitId = readHex('share', r.splitId, 'splitId', SPLIT_ID_BYTES);
  const index = readInt('share', r, 'index', 1, MAX_SHARES);
  const hex = r.data;
  const data = typeof hex === 'string' && hex.length > 0 && hex.length <= 2 * MAX_DATA_BYTES ? bytesOfHex(hex) : null;
  if (data === null) throw malformed('share', 'data', `is not 1 to ${MAX_DATA_BYTES} bytes of lowercase hex`, index);
  return new Share(splitId, index, data);
}
