/**
 * The KeyCheck of a split: its public parameters, a commitment to every share and the AK check
 * (constructions in `authenticator.ts`). It is public: every node stores it beside its share, and
 * it reveals nothing useful about the AK. Immutable; `JSON.stringify` gives its JSON form.
 */
import { type CheckedFields, akCheckValue, digestsEqual } from './authenticator.js';
import { bytesOfHex, hexOf } from './hex.js';
import { malformed, readHex, readInt, readRecord } from './json-fields.js';
import { DIGEST_BYTES, MAX_SECRET_BYTES, MAX_SHARES, MIN_SECRET_BYTES, SPLIT_ID_BYTES } from './limits.js';

export const KEY_CHECK_KIND = 'ekmsim.shamir.keyCheck';
export const KEY_CHECK_VERSION = 1;

/** The JSON-safe form of a KeyCheck (all hex lowercase). */
export interface KeyCheckJson {
  readonly kind: typeof KEY_CHECK_KIND;
  readonly version: typeof KEY_CHECK_VERSION;
  readonly splitId: string;
  /** k: shares needed to rebuild. */
  readonly threshold: number;
  /** n: shares made. */
  readonly shares: number;
  /** Length of the AK in bytes. */
  readonly secretLength: number;
  /** SHA-256 commitment to share i at position i − 1. */
  readonly commitments: readonly string[];
  /** HMAC-SHA-256 under the AK over everything above. */
  readonly akCheck: string;
}

let fieldsOf!: (check: KeyCheck) => CheckedFields;
let akCheckOf!: (check: KeyCheck) => Uint8Array;
let isKeyCheck!: (value: unknown) => value is KeyCheck;

export class KeyCheck {
  readonly splitId: string;
  readonly threshold: number;
  readonly shareCount: number;
  readonly secretLength: number;
  readonly #fields: CheckedFields;
  readonly #akCheck: Uint8Array;

  static {
    fieldsOf = (check) => check.#fields;
    akCheckOf = (check) => check.#akCheck;
    isKeyCheck = (value): value is KeyCheck => typeof value === 'object' && value !== null && #fields in value;
  }

  /** Internal: key checks come from `splitAuthenticationKey` or `decodeKeyCheck`. Takes ownership. */
  constructor(fields: CheckedFields, akCheck: Uint8Array) {
    this.splitId = hexOf(fields.splitId);
    this.threshold = fields.threshold;
    this.shareCount = fields.shareCount;
    this.secretLength = fields.secretLength;
    this.#fields = Object.freeze({ ...fields, commitments: Object.freeze([...fields.commitments]) });
    this.#akCheck = akCheck;
    Object.freeze(this);
  }

  /** Constant-time in the key: does `ak` reproduce this split's AK check? */
  matches(ak: Uint8Array): boolean {
    return ak.length === this.secretLength && digestsEqual(akCheckValue(ak, this.#fields), this.#akCheck);
  }

  toJSON(): KeyCheckJson {
    return encodeKeyCheck(this);
  }
}

/** Internal: the check's fields as bytes (not copies: do not modify). */
export function checkFields(check: KeyCheck): CheckedFields {
  return fieldsOf(check);
}

export { isKeyCheck };

/** The JSON-safe form of `check`, for a node's state file or a wire message. */
export function encodeKeyCheck(check: KeyCheck): KeyCheckJson {
  if (!isKeyCheck(check)) throw malformed('key check', '(value)', 'is not a KeyCheck');
  const f = fieldsOf(check);
  return {
    kind: KEY_CHECK_KIND,
    version: KEY_CHECK_VERSION,
    splitId: check.splitId,
    threshold: f.threshold,
    shares: f.shareCount,
    secretLength: f.secretLength,
    commitments: f.commitments.map(hexOf),
    akCheck: hexOf(akCheckOf(check)),
  };
}

const KEYS = ['kind', 'version', 'splitId', 'threshold', 'shares', 'secretLength', 'commitments', 'akCheck'];

/** A KeyCheck from its JSON form, validated strictly (MALFORMED_SHARE otherwise). */
export function decodeKeyCheck(json: unknown): KeyCheck {
  const s = 'key check';
  const r = readRecord(s, json, KEY_CHECK_KIND, KEY_CHECK_VERSION, KEYS);
  const splitId = hex(readHex(s, r.splitId, 'splitId', SPLIT_ID_BYTES));
  const threshold = readInt(s, r, 'threshold', 2, MAX_SHARES);
  const shareCount = readInt(s, r, 'shares', threshold, MAX_SHARES);
  const secretLength = readInt(s, r, 'secretLength', MIN_SECRET_BYTES, MAX_SECRET_BYTES);
  const list = r.commitments;
  if (!Array.isArray(list) || list.length !== shareCount) {
    throw malformed(s, 'commitments', 'is not an array with one entry per share');
  }
  const commitments = list.map((c: unknown, i) => hex(readHex(s, c, `commitments[${i}]`, DIGEST_BYTES)));
  const akCheck = hex(readHex(s, r.akCheck, 'akCheck', DIGEST_BYTES));
  return new KeyCheck({ splitId, threshold, shareCount, secretLength, commitments }, akCheck);
}

/** Bytes of hex that `readHex` has already validated. */
function hex(valid: string): Uint8Array {
  return bytesOfHex(valid) as Uint8Array;
}
