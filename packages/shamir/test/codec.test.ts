import {
  combineAuthenticationKey,
  decodeKeyCheck,
  decodeShare,
  encodeKeyCheck,
  encodeShare,
  type KeyCheckJson,
  type ShareJson,
} from '@ekmsim/shamir';
import { describe, expect, it } from 'vitest';
import { expectShamirError, split, testAk } from './support.js';

const ak = testAk(9);
const { shares, check } = split(ak, 3, 2);
const share: ShareJson = encodeShare(shares[0]!);
const keyCheck: KeyCheckJson = encodeKeyCheck(check);
const shareWithoutData = Object.fromEntries(Object.entries(share).filter(([key]) => key !== 'data'));

describe('JSON forms', () => {
  it('round-trip through JSON text to shares and a check that still rebuild the AK', () => {
    const shareText = JSON.stringify(shares.map(encodeShare));
    const checkText = JSON.stringify(check);
    const back = (JSON.parse(shareText) as unknown[]).map(decodeShare);
    const checkBack = decodeKeyCheck(JSON.parse(checkText));
    expect(back.map(encodeShare)).toEqual(shares.map(encodeShare));
    expect(encodeKeyCheck(checkBack)).toEqual(keyCheck);
    expect(combineAuthenticationKey([back[2]!, back[0]!], checkBack)).toEqual(ak);
    expect(share).toMatchObject({ kind: 'ekmsim.shamir.share', version: 1, index: 1 });
    expect(share.splitId).toMatch(/^[0-9a-f]{32}$/);
    expect(share.data).toMatch(/^[0-9a-f]{96}$/);
    expect(keyCheck).toMatchObject({ kind: 'ekmsim.shamir.keyCheck', version: 1, threshold: 2, shares: 3, secretLength: 32 });
  });

  const badShares: [string, unknown, string][] = [
    ['null', null, '(value)'],
    ['an array', [share], '(value)'],
    ['a string', JSON.stringify(share), '(value)'],
    ['a key check', keyCheck, 'threshold'],
    ['a missing field', shareWithoutData, 'data'],
    ['an extra field', { ...share, mac: '00' }, 'mac'],
    ['another kind', { ...share, kind: 'share' }, 'kind'],
    ['another version', { ...share, version: 2 }, 'version'],
    ['index 0', { ...share, index: 0 }, 'index'],
    ['index 256', { ...share, index: 256 }, 'index'],
    ['a fractional index', { ...share, index: 1.5 }, 'index'],
    ['an index as text', { ...share, index: '1' }, 'index'],
    ['a short split id', { ...share, splitId: share.splitId.slice(2) }, 'splitId'],
    ['an uppercase split id', { ...share, splitId: share.splitId.toUpperCase() }, 'splitId'],
    ['uppercase data', { ...share, data: share.data.toUpperCase() }, 'data'],
    ['odd-length data', { ...share, data: share.data.slice(1) }, 'data'],
    ['data with a non-hex digit', { ...share, data: `${share.data.slice(2)}g0` }, 'data'],
    ['empty data', { ...share, data: '' }, 'data'],
    ['data as an array of bytes', { ...share, data: [1, 2, 3] }, 'data'],
    ['base64 data', { ...share, data: Buffer.from(share.data, 'hex').toString('base64') }, 'data'],
  ];

  it.each(badShares)('decodeShare refuses %s with MALFORMED_SHARE', (_name, value, field) => {
    expect(expectShamirError(() => decodeShare(value), 'MALFORMED_SHARE').field).toBe(field);
  });

  const badChecks: [string, unknown, string][] = [
    ['a share', share, 'index'],
    ['a missing akCheck', { ...keyCheck, akCheck: undefined }, 'akCheck'],
    ['threshold 1', { ...keyCheck, threshold: 1 }, 'threshold'],
    ['threshold above the share count', { ...keyCheck, threshold: 4 }, 'shares'],
    ['a share count that the commitments do not match', { ...keyCheck, shares: 4 }, 'commitments'],
    ['commitments that are not an array', { ...keyCheck, commitments: 'x' }, 'commitments'],
    ['a short commitment', { ...keyCheck, commitments: [keyCheck.commitments[0], 'ab', keyCheck.commitments[2]] }, 'commitments[1]'],
    ['a 15-byte secret length', { ...keyCheck, secretLength: 15 }, 'secretLength'],
    ['a short AK check', { ...keyCheck, akCheck: keyCheck.akCheck.slice(2) }, 'akCheck'],
    ['an uppercase AK check', { ...keyCheck, akCheck: keyCheck.akCheck.toUpperCase() }, 'akCheck'],
    ['another version', { ...keyCheck, version: 0 }, 'version'],
  ];

  it.each(badChecks)('decodeKeyCheck refuses %s with MALFORMED_SHARE', (_name, value, field) => {
    const e = expectShamirError(() => decodeKeyCheck(value), 'MALFORMED_SHARE');
    expect(e.field).toBe(field);
    expect(e.message).toContain('key check');
  });
});
