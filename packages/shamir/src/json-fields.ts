/**
 * Strict readers for the JSON forms of shares and key checks. Shares are persisted by nodes and
 * cross the wire between them, so anything unexpected (a missing or extra field, a wrong type,
 * uppercase hex, a number out of range) is MALFORMED_SHARE naming the field, never a guess.
 * Messages name fields and limits only, never the offending value (it may be share data).
 */
import { ShamirError } from './errors.js';
import { isHexOf } from './hex.js';

/** What is being read, for messages: "share" or "key check". */
export type Subject = 'share' | 'key check';

export function malformed(subject: Subject, field: string, problem: string, shareIndex?: number): ShamirError {
  return new ShamirError('MALFORMED_SHARE', `malformed ${subject}: ${field} ${problem}`, {
    field,
    ...(shareIndex === undefined ? {} : { shareIndex }),
  });
}

/** `value` as a plain object with exactly `keys`, whose `kind` and `version` are as given. */
export function readRecord(
  subject: Subject,
  value: unknown,
  kind: string,
  version: number,
  keys: readonly string[],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(subject, '(value)', 'is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!keys.includes(key)) throw malformed(subject, key, 'is not a field of this format');
  }
  for (const key of keys) if (!(key in record)) throw malformed(subject, key, 'is missing');
  if (record.kind !== kind) throw malformed(subject, 'kind', `is not "${kind}"`);
  if (record.version !== version) throw malformed(subject, 'version', `is not ${version}`);
  return record;
}

export function readInt(subject: Subject, record: Record<string, unknown>, field: string, min: number, max: number): number {
  const v = record[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw malformed(subject, field, `is not an integer from ${min} to ${max}`);
  }
  return v;
}

/** Lowercase hex of exactly `bytes` bytes. */
export function readHex(subject: Subject, value: unknown, field: string, bytes: number): string {
  if (!isHexOf(value, bytes)) throw malformed(subject, field, `is not ${bytes} bytes of lowercase hex`);
  return value;
}
