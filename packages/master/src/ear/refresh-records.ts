/**
 * Refreshing the nodes' external generation records. Why: under external keys every node fetches
 * the AK itself, at each power-on, with the record distribute stored on it (key servers, client
 * certificate, client key). When the administrator changes what that record is made of — renews
 * the client certificate or changes a server's host names, port or CA (ModifyKeyServerKmip), or
 * adds or removes a server of the provider (Add/RemoveKeyServerFromProviderKmip) — a node left
 * with the old record keeps using an expired or revoked certificate or a server that is gone:
 * kmipServerFault stays, and its drives stay locked after the next power cycle.
 *
 * So after such a change, and whenever a node joins (it may have been off during the change, or
 * the master may have restarted before telling it), each external generation the drives depend on
 * is stored again, from the cluster database as it is now, on the online nodes that hold it: the
 * same key, the new servers and certificate, the client key sealed again to each node, and
 * `akCheck: null` — the master never learns the check value; the node keeps the one it holds for
 * the same key (node's `withKnownAkCheck`). A node that does not hold the generation (it joined
 * after its distribute) gets nothing: a record without a check value is not worth creating.
 *
 * Against a running transition: the generations refreshed are the committed one and the target
 * once distributed (step apply or commit; its members hold it). A target still being distributed
 * is left to distribute, which checks when it ends that the servers and certificate did not
 * change under it, and starts again if they did. Every message goes out in the same synchronous
 * run as the read of the EAR record, so a node receives it before anything the EAR steps decide
 * later (a commit that drops the generation comes after the refresh of it).
 *
 * Never fails its caller: the change is committed; a node that is offline or does not answer is
 * logged, and the refresh at its next join catches up. No key material is logged.
 */
import type { EarRecord, EarTarget } from '../db/layout.js';
import { EAR, describeFailures, onEachNode, reasonOf, type EarParts } from './ear-parts.js';
import { readEar } from './ear-record.js';
import { externalKeySource, externalRecord, type ExternalKeySource } from './external-records.js';

type ExternalTarget = Extract<EarTarget, { mode: 'external' }>;

/** How long a refresh waits for each node's answer; one that comes later is still stored. */
export const REFRESH_TIMEOUT_MS = 5_000;

export interface RefreshScope {
  /** Only generations of this provider (the one a key-server change touched). */
  readonly keyProviderID?: number;
  /** Only these nodes (a join); default every online node holding the generation. */
  readonly nodeIDs?: readonly number[];
}

/**
 * Sends the refreshed records before it returns; resolves once every node answered (or timed out),
 * never rejects. `why` says what prompted it, for the log.
 */
export function refreshExternalRecords(parts: EarParts, why: string, scope: RefreshScope = {}): Promise<void> {
  const ear = readEar(parts.db);
  const refreshes = externalGenerationsInUse(ear)
    .filter((g) => scope.keyProviderID === undefined || g.keyProviderID === scope.keyProviderID)
    .map((g) => refreshGeneration(parts, ear, g, why, scope.nodeIDs));
  return Promise.all(refreshes).then(() => undefined);
}

/** The committed external generation, and a transition's external target once distributed. */
function externalGenerationsInUse(ear: EarRecord): ExternalTarget[] {
  const found: ExternalTarget[] = [];
  if (ear.state === 'enabled' && ear.keyManagementType === 'external') {
    const { generation, keyProviderID, keyID, kmipUniqueIdentifier, keyServerID } = ear;
    found.push({ generation, mode: 'external', keyProviderID, keyID, kmipUniqueIdentifier, keyServerID });
  }
  const target = ear.transition?.target;
  if (target?.mode === 'external' && ear.transition?.step !== 'distribute' && !found.some((g) => g.generation === target.generation)) found.push(target);
  return found;
}

function refreshGeneration(parts: EarParts, ear: EarRecord, target: ExternalTarget, why: string, only: readonly number[] | undefined): Promise<void> {
  const g = target.generation;
  const members = ear.transition?.target?.generation === g ? ear.transition.members : [];
  const holds = (nodeID: number): boolean => members.includes(nodeID) || (parts.nodes.lastState(nodeID)?.generations.some((s) => s.generation === g) ?? false);
  const holders = parts.nodes
    .registered()
    .filter((n) => (only === undefined || only.includes(n.nodeID)) && holds(n.nodeID));
  const online = holders.filter((n) => parts.nodes.isOnline(n.nodeID));
  const offline = holders.filter((n) => !parts.nodes.isOnline(n.nodeID)).map((n) => n.nodeID);
  if (offline.length > 0) {
    parts.logger.log('warn', `Node(s) ${offline.join(', ')} offline: generation ${g}'s record is refreshed when they join (${why})`, { ...EAR, generation: g });
  }
  if (online.length === 0) return Promise.resolve();
  let source: ExternalKeySource;
  try {
    source = externalKeySource(parts, target);
  } catch (e) {
    parts.logger.log('error', `Generation ${g}'s record could not be refreshed (${why}): ${reasonOf(e)}`, { ...EAR, generation: g });
    return Promise.resolve();
  }
  const servers = source.servers.map((s) => s.keyServerID).join(',');
  // onEachNode starts every call before its first await: all of them are on the wire on return.
  const sent = onEachNode(
    online.map((n) => n.nodeID),
    async (nodeID) => {
      const node = online.find((n) => n.nodeID === nodeID)!;
      await parts.nodes.call(nodeID, 'storeGeneration', { record: externalRecord(parts, target, source, node, null) }, REFRESH_TIMEOUT_MS);
    },
  );
  return sent.then((failures) => {
    const done = online.map((n) => n.nodeID).filter((id) => !failures.some((f) => f.nodeID === id));
    if (done.length > 0) {
      parts.logger.log('info', `Refreshed generation ${g}'s record on node(s) ${done.join(', ')} (${why})`, { ...EAR, generation: g, keyServers: servers });
    }
    if (failures.length > 0) {
      parts.logger.log('warn', `${describeFailures(`refreshing generation ${g}'s record (${why})`, failures)}; refreshed again when they join`, { ...EAR, generation: g });
    }
  });
}
