/**
 * Internal keys: the AK is made by one node, split k-of-n, and exists whole only for a moment on
 * the node that made it or rebuilt it. Rebuilding takes this node's own share and the sealed
 * shares of peers the master relays; what does not open, decode or verify against the split's
 * KeyCheck is left out, and the result is verified again, so only the right AK comes out.
 */
import type { Rng } from '@ekmsim/core';
import {
  combineAuthenticationKey, decodeKeyCheck, encodeKeyCheck, MAX_SHARES, splitAuthenticationKey, verifyShare, wipe, type KeyCheck, type Share,
} from '@ekmsim/shamir';
import { NODE_ERROR_CODES, type InternalGenerationRecord, type Member, type SealedBox } from '@ekmsim/wire';
import { NodeError } from './errors.js';
import { openShare, sealShare, type BoxIdentity } from './sealed-secrets.js';

/** 256-bit AKs, as Element's. */
export const AK_BYTES = 32;

export interface GeneratedKey {
  /** shamir's KeyCheckJson, public. */
  readonly keyCheck: Record<string, unknown>;
  readonly shares: { nodeID: number; share: SealedBox }[];
}

/** A fresh AK split one share per member (share i to members[i]), sealed; the AK is wiped before this returns. */
export function generateInternalKey(generation: number, threshold: number, members: readonly Member[], rng: Rng): GeneratedKey {
  const ids = new Set(members.map((m) => m.nodeID));
  if (ids.size !== members.length) throw new NodeError(NODE_ERROR_CODES.badRequest, 'members: a node is listed twice');
  if (members.length < 2 || members.length > MAX_SHARES || threshold < 2 || threshold > members.length) {
    throw new NodeError(NODE_ERROR_CODES.badRequest, `threshold ${threshold} of ${members.length} members: need 2 ≤ threshold ≤ members ≤ ${MAX_SHARES}`);
  }
  const ak = rng.bytes(AK_BYTES);
  try {
    const split = splitAuthenticationKey(ak, { shares: members.length, threshold, rng });
    return {
      keyCheck: { ...encodeKeyCheck(split.check) },
      shares: members.map((m, i) => ({ nodeID: m.nodeID, share: sealShare(split.shares[i]!, m, generation, rng) })),
    };
  } finally {
    wipe(ak);
  }
}

export function readKeyCheck(record: InternalGenerationRecord): KeyCheck {
  try {
    return decodeKeyCheck(record.keyCheck);
  } catch (cause) {
    throw new NodeError(NODE_ERROR_CODES.badRequest, `generation ${record.generation}: the key check is malformed: ${(cause as Error).message}`, { cause });
  }
}

/** This node's share of `record`, checked against the split's KeyCheck. */
export function ownShare(record: InternalGenerationRecord, me: BoxIdentity, check: KeyCheck = readKeyCheck(record)): Share {
  let share: Share;
  try {
    share = openShare(record.share, me, record.generation);
  } catch (cause) {
    throw new NodeError(NODE_ERROR_CODES.noShare, `generation ${record.generation}: this node's share does not open: ${(cause as Error).message}`, { cause });
  }
  if (!verifyShare(share, check)) throw new NodeError(NODE_ERROR_CODES.noShare, `generation ${record.generation}: this node's share does not match the key check`);
  return share;
}

/** The AK of `record`, verified; the caller wipes it. */
export async function rebuildInternalKey(
  record: InternalGenerationRecord,
  me: BoxIdentity,
  gather: (generation: number, count: number) => Promise<readonly SealedBox[]>,
): Promise<Uint8Array> {
  const g = record.generation;
  const check = readKeyCheck(record);
  const shares = [ownShare(record, me, check)];
  let boxes: readonly SealedBox[];
  try {
    // Only threshold − 1 peers need to answer: asking all of them would cost every peer a seal.
    boxes = await gather(g, check.threshold - 1);
  } catch (cause) {
    throw new NodeError(NODE_ERROR_CODES.keyUnavailable, `generation ${g}: could not gather shares: ${(cause as Error).message}`, { cause });
  }
  for (const box of boxes) {
    const share = tryOpen(box, me, g);
    if (share !== undefined && verifyShare(share, check) && !shares.some((s) => s.index === share.index)) shares.push(share);
  }
  if (shares.length < check.threshold) {
    throw new NodeError(NODE_ERROR_CODES.keyUnavailable, `generation ${g} needs ${check.threshold} shares, has ${shares.length}`);
  }
  try {
    return combineAuthenticationKey(shares, check);
  } catch (cause) {
    throw new NodeError(NODE_ERROR_CODES.keyUnavailable, `generation ${g}: the shares do not rebuild the key: ${(cause as Error).message}`, { cause });
  }
}

/** A peer's share, or undefined if its box is not for us, altered, or holds no share. */
function tryOpen(box: SealedBox, me: BoxIdentity, generation: number): Share | undefined {
  try {
    return openShare(box, me, generation);
  } catch {
    return undefined;
  }
}
