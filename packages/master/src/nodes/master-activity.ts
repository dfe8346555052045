/**
 * What the master lets an onlooker see of the key flow it carries (MasterOptions.onActivity):
 * under internal keys, each peer it asks to seal its share to a booting node, and how that went.
 * Node IDs and words only: never the share, the sealed box or a key.
 */
import { WIRE_ERROR_CODES, WireError } from '@ekmsim/wire';
import { ElementApiError, ElementErrorName } from '../element-error.js';

export interface ShareActivity {
  readonly kind: 'share';
  /** The node gathering shares to unlock (it asked the master). */
  readonly forNodeID: number;
  /** The peer the master asked to seal its share to it. */
  readonly peerNodeID: number;
  readonly ok: boolean;
  /** `sealed share sent`, or why not (`node 2 offline`, `no answer within 5 s`, the node's refusal). */
  readonly outcome: string;
}

export type MasterActivity = ShareActivity;

/** Why `peerNodeID` gave no share, in a few words (the peer's own refusal as it said it). */
export function noShareOutcome(peerNodeID: number, reason: unknown, timeoutMs: number): string {
  if (reason instanceof ElementApiError && reason.elementName === ElementErrorName.xSimNodeOffline) return `node ${peerNodeID} offline`;
  if (reason instanceof WireError && reason.code === WIRE_ERROR_CODES.closed) return `node ${peerNodeID} went offline`;
  if (reason instanceof WireError && reason.code === WIRE_ERROR_CODES.timeout) return `no answer within ${timeoutMs / 1000} s`;
  // The wire names the call before the node's own words: `sealShare: no share of generation 3`.
  if (reason instanceof WireError && reason.code === WIRE_ERROR_CODES.remote) return reason.message.replace(/^sealShare: /, '');
  return reason instanceof Error ? reason.message : String(reason);
}
