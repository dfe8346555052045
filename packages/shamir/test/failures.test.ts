import { createHash } from 'node:crypto';
import {
  SHAMIR_ERROR_CODES,
  combineAuthenticationKey,
  decodeKeyCheck,
  decodeShare,
  encodeKeyCheck,
  encodeShare,
  type Share,
} from '@ekmsim/shamir';
import secrets from 'secrets.js-grempe';
import { describe, expect, it } from 'vitest';
import { expectShamirError, hex, split, testAk } from './support.js';

/** A copy of `share` whose data has bit `bit` flipped, through the wire form. */
function flipDataBit(share: Share, bit: number): Share {
  const json = encodeShare(share);
  const data = Buffer.from(json.data, 'hex');
  data[bit >> 3]! ^= 1 << (bit & 7);
  return decodeShare({ ...json, data: data.toString('hex') });
}

describe('what secrets.js alone would get wrong', () => {
  it('returns some other secret, without any error, from too few or altered shares', () => {
    const ak = 'ab'.repeat(32);
    const shares = secrets.share(ak, 3, 2);
    const tampered = shares[1]!.slice(0, -1) + (shares[1]!.endsWith('0') ? '1' : '0');
    expect(secrets.combine([shares[0]!])).not.toBe(ak);
    expect(secrets.combine([shares[0]!, tampered])).not.toBe(ak);
  });
});

describe('combine refuses rather than return a wrong key', () => {
  it('has one stable code per failure', () => {
    expect(Object.keys(SHAMIR_ERROR_CODES)).toEqual([
      'TOO_FEW_SHARES',
      'DUPLICATE_SHARE',
      'MIXED_SPLITS',
      'MALFORMED_SHARE',
      'WRONG_KEY',
      'INVALID_ARGUMENT',
    ]);
  });

  it('DUPLICATE_SHARE: the same share twice, even when enough others are present', () => {
    const { shares, check } = split(testAk(1), 4, 2);
    const e = expectShamirError(() => combineAuthenticationKey([shares[1]!, shares[1]!], check), 'DUPLICATE_SHARE');
    expect(e.shareIndex).toBe(2);
    const copy = decodeShare(encodeShare(shares[2]!));
    expectShamirError(() => combineAuthenticationKey([shares[0]!, shares[2]!, shares[3]!, copy], check), 'DUPLICATE_SHARE');
  });

  it('MIXED_SPLITS: shares of two splits of the same AK, or shares of a split other than the check', () => {
    const ak = testAk(2);
    const a = split(ak, 3, 2, 1);
    const b = split(ak, 3, 2, 2);
    const e = expectShamirError(() => combineAuthenticationKey([a.shares[0]!, b.shares[1]!], a.check), 'MIXED_SPLITS');
    expect(e.shareIndex).toBe(2);
    expectShamirError(() => combineAuthenticationKey([b.shares[0]!, b.shares[1]!], a.check), 'MIXED_SPLITS');
    // Same split id claimed by a foreign share: caught by its commitment instead.
    const forged = decodeShare({ ...encodeShare(b.shares[1]!), splitId: a.check.splitId });
    expectShamirError(() => combineAuthenticationKey([a.shares[0]!, forged], a.check), 'MALFORMED_SHARE');
  });

  it('MALFORMED_SHARE: a flipped data bit is caught by the share commitment, naming the share', () => {
    const { shares, check } = split(testAk(3), 3, 2);
    const e = expectShamirError(() => combineAuthenticationKey([shares[0]!, flipDataBit(shares[2]!, 100)], check), 'MALFORMED_SHARE');
    expect(e.shareIndex).toBe(3);
    expect(e.message).toContain('commitment');
  });

  it('MALFORMED_SHARE: an index or data length the split cannot have, or a value that is no Share', () => {
    const { shares, check } = split(testAk(4), 3, 2);
    const high = decodeShare({ ...encodeShare(shares[0]!), index: 4 });
    expect(expectShamirError(() => combineAuthenticationKey([shares[0]!, high], check), 'MALFORMED_SHARE').field).toBe('index');
    const json = encodeShare(shares[1]!);
    const short = decodeShare({ ...json, data: json.data.slice(2) });
    expect(expectShamirError(() => combineAuthenticationKey([shares[0]!, short], check), 'MALFORMED_SHARE').field).toBe('data');
    const plain = { ...json } as unknown as Share;
    expectShamirError(() => combineAuthenticationKey([shares[0]!, plain], check), 'MALFORMED_SHARE');
  });

  it('WRONG_KEY: shares that match commitments rewritten by someone without the AK', () => {
    // The second line of defence: whoever replaces a node's KeyCheck commitments to fit altered
    // shares cannot also recompute the HMAC under the AK that covers them.
    const { shares, check } = split(testAk(5), 3, 2);
    const altered = flipDataBit(shares[1]!, 7);
    const c = encodeKeyCheck(check);
    const data = Buffer.from(encodeShare(altered).data, 'hex');
    const commitment = createHash('sha256')
      .update('ekmsim/shamir share v1\0')
      .update(Buffer.from(c.splitId, 'hex'))
      .update(Uint8Array.of(2))
      .update(data)
      .digest('hex');
    const rewritten = decodeKeyCheck({ ...c, commitments: [c.commitments[0], commitment, c.commitments[2]] });
    expectShamirError(() => combineAuthenticationKey([shares[0]!, altered], rewritten), 'WRONG_KEY');
  });

  it('WRONG_KEY: a key check whose AK check was altered', () => {
    const { shares, check } = split(testAk(6), 3, 2);
    const c = encodeKeyCheck(check);
    const akCheck = Buffer.from(c.akCheck, 'hex');
    akCheck[0]! ^= 1;
    const altered = decodeKeyCheck({ ...c, akCheck: hex(akCheck) });
    expectShamirError(() => combineAuthenticationKey(shares.slice(0, 2), altered), 'WRONG_KEY');
  });

  it('MALFORMED_SHARE: something that is not a KeyCheck', () => {
    const { shares, check } = split(testAk(7), 3, 2);
    const plain = encodeKeyCheck(check) as unknown as Parameters<typeof combineAuthenticationKey>[1];
    expectShamirError(() => combineAuthenticationKey(shares, plain), 'MALFORMED_SHARE');
  });
});
