/**
 * `gatherShares` from node X: other online nodes are asked to seal their share of the
 * generation to X's registered key, each with a short timeout, a wave at a time (as many as X
 * still needs, in parallel) until X has `count` or every peer was asked; X gets the boxes that
 * came back. Peers are taken from a random starting point, so a retry or the next booting node
 * asks others. The master relays only sealed boxes: it cannot open them, and it seals nothing
 * itself. The recipient key is the one the cluster registered for X, not one X sends now.
 */
import { randomInt, type Logger, type Rng } from '@ekmsim/core';
import type { MASTER_TO_NODE, Params, Result, SealedBox } from '@ekmsim/wire';
import { noShareOutcome, type MasterActivity } from './master-activity.js';

/** A share that has not come within this is left out (X asks again if it has too few). */
export const SEAL_SHARE_TIMEOUT_MS = 5_000;

export interface ShareRelayParts {
  readonly logger: Logger;
  readonly rng: Rng;
  readonly onlineNodeIDs: () => readonly number[];
  readonly sealShare: (nodeID: number, params: Params<typeof MASTER_TO_NODE, 'sealShare'>, timeoutMs: number) => Promise<Result<typeof MASTER_TO_NODE, 'sealShare'>>;
  /** Told of every peer asked, once it answered or failed (MasterOptions.onActivity). */
  readonly onActivity?: (activity: MasterActivity) => void;
}

export async function relayShares(parts: ShareRelayParts, forNodeID: number, forPublicKey: string, generation: number, count?: number): Promise<SealedBox[]> {
  const online = parts.onlineNodeIDs().filter((id) => id !== forNodeID);
  const start = online.length === 0 ? 0 : randomInt(parts.rng, online.length);
  const peers = [...online.slice(start), ...online.slice(0, start)];
  const wanted = count ?? peers.length;
  const recipient = `node-${forNodeID}`;
  const shares: SealedBox[] = [];
  let asked = 0;
  while (shares.length < wanted && asked < peers.length) {
    const wave = peers.slice(asked, asked + (wanted - shares.length));
    asked += wave.length;
    const answers = await Promise.allSettled(wave.map((id) => parts.sealShare(id, { generation, forNodeID, forPublicKey }, SEAL_SHARE_TIMEOUT_MS)));
    answers.forEach((a, i) => {
      const peerNodeID = wave[i]!;
      if (a.status === 'fulfilled' && a.value.share.to === recipient) {
        shares.push(a.value.share);
        tell(parts, { kind: 'share', forNodeID, peerNodeID, ok: true, outcome: 'sealed share sent' });
      } else {
        const why = a.status === 'rejected' ? (a.reason instanceof Error ? a.reason.message : String(a.reason)) : `sealed to ${a.value.share.to}`;
        parts.logger.log('debug', `Node ${peerNodeID} gave no share of generation ${generation} for node ${forNodeID}: ${why}`, { component: 'NODE' });
        const outcome = a.status === 'rejected' ? noShareOutcome(peerNodeID, a.reason, SEAL_SHARE_TIMEOUT_MS) : `sealed to ${a.value.share.to}, not ${recipient}`;
        tell(parts, { kind: 'share', forNodeID, peerNodeID, ok: false, outcome });
      }
    });
  }
  parts.logger.log('info', `Relayed ${shares.length} sealed share(s) of generation ${generation} to node ${forNodeID}`, { component: 'NODE', asked });
  return shares;
}

/** An onlooker that throws must not cost the booting node its shares. */
function tell(parts: ShareRelayParts, activity: MasterActivity): void {
  try {
    parts.onActivity?.(activity);
  } catch (e) {
    parts.logger.log('warn', `Activity onlooker failed: ${e instanceof Error ? e.message : String(e)}`, { component: 'NODE' });
  }
}
