/**
 * kmipServerFault (TR-4843 §10.1), always critical, one fault per key server and kind of failure:
 *
 * | what the sources saw                          | details                                                   |
 * |-----------------------------------------------|-----------------------------------------------------------|
 * | no source reaches the server                  | Connection Failure naming the key server ID               |
 * | some sources do not reach it, others do       | Connection Failure listing the nodes that cannot          |
 * | TLS or the server refused the identity        | Authentication Failure (certificates to check)            |
 * | the server answered with an error             | Server Error with the server's detail                     |
 * | an unanticipated failure                      | exactly "Key server <id> generic failure"                 |
 * | an outcome the code does not know             | exactly "Key server <id> unknown failure"                 |
 *
 * A source is the cluster master or a node. A fault resolves by itself once no source sees its
 * kind of failure (or no provider is active any more).
 */
import type { ClusterDb } from '../db/cluster-db.js';
import { keyServerPath, type KeyServerRecord } from '../db/layout.js';
import type { CheckResult, Observation } from './fault-store.js';
import type { ProbeOutcome, ProbeResult } from './key-server-probes.js';

export const KMIP_SERVER_FAULT = 'kmipServerFault';

type FailureKind = Exclude<ProbeOutcome, 'ok'>;

export function keyServerFaults(db: ClusterDb, results: readonly ProbeResult[]): CheckResult {
  const byServer = new Map<number, ProbeResult[]>();
  for (const r of results) byServer.set(r.keyServerID, [...(byServer.get(r.keyServerID) ?? []), r]);
  const observed = [...byServer.entries()].flatMap(([id, rs]) => observeServer(id, db.get<KeyServerRecord>(keyServerPath(id)), rs));
  return { observed, owns: (cause) => cause.startsWith(`${KMIP_SERVER_FAULT}/`) };
}

function observeServer(id: number, server: KeyServerRecord | undefined, results: readonly ProbeResult[]): Observation[] {
  const who = server === undefined ? `key server ${id}` : `key server ${id} (${server.kmipKeyServerName})`;
  const kinds: FailureKind[] = ['connection', 'authentication', 'server', 'generic', 'unknown'];
  return kinds.flatMap((kind) => {
    const failing = results.filter((r) => r.outcome === kind);
    const first = failing[0];
    if (first === undefined) return [];
    const nodeIDs = failing.flatMap((r) => (r.source === 'master' ? [] : [r.source])).sort((a, b) => a - b);
    const fromMaster = failing.some((r) => r.source === 'master');
    const base = {
      cause: `${KMIP_SERVER_FAULT}/${id}/${kind}`,
      code: KMIP_SERVER_FAULT,
      severity: 'critical',
      type: 'cluster',
      // One failing node is the fault's node; several are listed in the details and the data.
      nodeID: nodeIDs.length === 1 && !fromMaster ? nodeIDs[0]! : 0,
      data: { keyServerID: id, failure: kind, nodeIDs, clusterMaster: fromMaster },
    } as const;
    return [{ ...base, details: details(kind, id, who, failing, results.length, first.detail) }];
  });
}

function details(kind: FailureKind, id: number, who: string, failing: readonly ProbeResult[], sources: number, detail: string): string {
  const from = sourceList(failing);
  switch (kind) {
    case 'connection':
      return failing.length === sources
        ? `Connection Failure: ${who} cannot be reached from any node (${detail}). Check that the key server is alive and reachable over the management network.`
        : `Connection Failure: ${from} cannot reach ${who}; the others can (${detail}). Troubleshoot the network or the node(s) listed.`;
    case 'authentication':
      return `Authentication Failure: ${who} from ${from} (${detail}). Check that the correct root CA and KMIP client certificates are used; install the correct one with ModifyKeyServerKmip.`;
    case 'server':
      return `Server Error: ${who} (${detail}). Troubleshooting on the key server may be needed.`;
    case 'generic':
      return `Key server ${id} generic failure`;
    case 'unknown':
      return `Key server ${id} unknown failure`;
  }
}

/** `the cluster master`, `node 2`, `nodes 2, 3`, or `the cluster master and nodes 2, 3`. */
function sourceList(failing: readonly ProbeResult[]): string {
  const nodes = failing.flatMap((r) => (r.source === 'master' ? [] : [r.source])).sort((a, b) => a - b);
  const parts = [
    ...(failing.some((r) => r.source === 'master') ? ['the cluster master'] : []),
    ...(nodes.length === 0 ? [] : [`${nodes.length === 1 ? 'node' : 'nodes'} ${nodes.join(', ')}`]),
  ];
  return parts.join(' and ');
}
