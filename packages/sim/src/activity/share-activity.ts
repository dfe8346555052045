/**
 * The masters' share relays in the activity view: a booting node asked for shares, and the
 * master asked a peer to seal its share to it. The thief's master relays among the thief's
 * nodes, so its parties are named for the foreign site (`thief node 1`).
 */
import type { MasterActivity } from '@ekmsim/master';
import type { Site } from '../network/addresses.js';
import type { RecordActivity } from './activity-log.js';

export function shareActivityRecorder(site: Site, record: RecordActivity): (activity: MasterActivity) => void {
  const node = (nodeID: number): string => (site === 'foreign' ? `thief node ${nodeID}` : `node ${nodeID}`);
  return (a) => record({ kind: 'share', from: node(a.forNodeID), to: node(a.peerNodeID), what: 'share request', ok: a.ok, outcome: a.outcome });
}
