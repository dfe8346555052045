import { createHash, createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { seededRng } from '@ekmsim/core';
import {
  ShamirError,
  combineAuthenticationKey,
  decodeKeyCheck,
  decodeShare,
  encodeKeyCheck,
  encodeShare,
  splitAuthenticationKey,
  wipe,
} from '@ekmsim/shamir';
import { describe, expect, it } from 'vitest';
import { hex, split, testAk } from './support.js';

/** Every spelling of `bytes` a leak could take. */
function spellings(bytes: Uint8Array): string[] {
  const b = Buffer.from(bytes);
  return [b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url'), [...b].join(',')];
}

function expectNoLeak(text: string, secrets: readonly Uint8Array[]): void {
  for (const secret of secrets) for (const s of spellings(secret)) expect(text.includes(s)).toBe(false);
}

/** Everything a thrown error shows: message, stack, JSON, causes. */
function errorText(err: unknown): string {
  const parts: string[] = [];
  for (let e = err; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? e.toString() : inspect(e), (e as Error).stack ?? '', JSON.stringify(e), inspect(e));
  }
  return parts.join('\n');
}

describe('no key or share bytes in errors, JSON or logs', () => {
  const ak = testAk(77);
  const { shares, check } = split(ak, 4, 3);
  const other = split(ak, 4, 3, 2);
  const secretsToHide = [ak, ...shares.map((s) => Buffer.from(encodeShare(s).data, 'hex'))];

  it('no thrown error carries them, whatever the failure', () => {
    const json = encodeShare(shares[0]!);
    const failures: (() => unknown)[] = [
      () => combineAuthenticationKey(shares.slice(0, 2), check),
      () => combineAuthenticationKey([shares[0]!, shares[0]!, shares[1]!], check),
      () => combineAuthenticationKey([shares[0]!, other.shares[1]!, shares[2]!], check),
      () => combineAuthenticationKey([shares[0]!, shares[1]!, decodeShare({ ...json, index: 3 })], check),
      () => combineAuthenticationKey(shares, decodeKeyCheck({ ...encodeKeyCheck(check), akCheck: '00'.repeat(32) })),
      () => decodeShare({ ...json, data: json.data.toUpperCase() }),
      () => decodeShare({ ...json, data: `${json.data}zz` }),
      () => decodeShare({ ...json, extra: json.data }),
      () => decodeShare({ ...json, index: json.data }),
      () => decodeShare({ ...json, splitId: json.data }),
      () => splitAuthenticationKey(ak.subarray(0, 15), { shares: 3, rng: seededRng(1) }),
      () => splitAuthenticationKey(ak, { shares: 3, threshold: 4, rng: seededRng(1) }),
    ];
    for (const fail of failures) {
      let thrown: unknown;
      try {
        fail();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ShamirError);
      expectNoLeak(errorText(thrown), secretsToHide);
    }
  });

  it('JSON.stringify and util.inspect show a Share redacted and a KeyCheck without the AK', () => {
    for (const share of shares) {
      const text = JSON.stringify(share) + inspect(share) + inspect({ share }) + JSON.stringify({ share });
      expectNoLeak(text, secretsToHide);
      expect(JSON.parse(JSON.stringify(share))).toMatchObject({ index: share.index, data: '[redacted]' });
      expect(() => decodeShare(JSON.parse(JSON.stringify(share)))).toThrow(ShamirError);
    }
    const checkText = JSON.stringify(check) + inspect(check) + JSON.stringify(encodeKeyCheck(check));
    expectNoLeak(checkText, [ak]);
    expect(JSON.parse(JSON.stringify(check))).toEqual(encodeKeyCheck(check));
  });

  it('the AK check is HMAC-SHA-256 under the AK over the whole check, not a simple function of the AK', () => {
    const c = encodeKeyCheck(check);
    const header = Buffer.from([c.threshold, c.shares, c.secretLength >> 8, c.secretLength & 0xff]);
    const expected = createHmac('sha256', ak)
      .update('ekmsim/shamir AK check v1\0')
      .update(Buffer.from(c.splitId, 'hex'))
      .update(header)
      .update(Buffer.concat(c.commitments.map((x) => Buffer.from(x, 'hex'))))
      .digest('hex');
    expect(c.akCheck).toBe(expected);
    const simple = [
      hex(ak),
      createHash('sha256').update(ak).digest('hex'),
      createHash('sha256').update(hex(ak)).digest('hex'),
      createHash('sha256').update(createHash('sha256').update(ak).digest()).digest('hex'),
      createHmac('sha256', ak).digest('hex'),
      createHmac('sha256', ak).update('ekmsim/shamir AK check v1\0').digest('hex'),
    ];
    for (const s of simple) expect(c.akCheck).not.toBe(s);
    // Per split: the same AK split twice has unrelated check values.
    expect(encodeKeyCheck(other.check).akCheck).not.toBe(c.akCheck);
  });

  it('each commitment is SHA-256 over a label, the split id, the index and the data', () => {
    const c = encodeKeyCheck(check);
    shares.forEach((share, i) => {
      const data = Buffer.from(encodeShare(share).data, 'hex');
      const expected = createHash('sha256')
        .update('ekmsim/shamir share v1\0')
        .update(Buffer.from(c.splitId, 'hex'))
        .update(Uint8Array.of(share.index))
        .update(data)
        .digest('hex');
      expect(c.commitments[i]).toBe(expected);
      expect(c.commitments[i]).not.toBe(createHash('sha256').update(data).digest('hex'));
    });
  });

  it('wipe zero-fills in place, and a combined AK is the caller\'s own copy', () => {
    const rebuilt = combineAuthenticationKey(shares.slice(1), check);
    expect(rebuilt).toEqual(ak);
    wipe(rebuilt);
    expect(rebuilt).toEqual(new Uint8Array(32));
    expect(combineAuthenticationKey(shares.slice(1), check)).toEqual(ak);
  });
});
