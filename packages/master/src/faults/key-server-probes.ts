/**
 * How each key server of the active provider looks from where the cluster uses it: the master
 * contacts each one itself (DiscoverVersions over mutual TLS, a quiet health check), and every
 * online node contacts the key servers of its current external generation (`probeKeyServers`).
 * Each result is one source's outcome for one key server, in the words of TR-4843 §10.1.
 */
import type { Logger } from '@ekmsim/core';
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, keyServerPath, type KeyPairRecord, type KeyServerRecord } from '../db/layout.js';
import { contactKeyServer, KeyServerContactError, type ContactContext } from '../kmip/contact.js';
import type { MasterNodes } from '../nodes/node-fabric.js';
import { activeProviders } from '../service/lookup.js';

/**
 * connection: not reached (lookup, refused, timeout); authentication: TLS or the server refused
 * the cluster's identity, or the cluster does not trust the server; server: the server answered
 * with an error; generic: an unanticipated failure; unknown: an outcome the code does not know
 * (unreachable code: TR-4843 §10.1's "unknown failure").
 */
export type ProbeOutcome = 'ok' | 'connection' | 'authentication' | 'server' | 'generic' | 'unknown';

export interface ProbeResult {
  readonly keyServerID: number;
  /** `master` or the nodeID that probed. */
  readonly source: 'master' | number;
  readonly outcome: ProbeOutcome;
  readonly detail: string;
}

export interface ProbeParts {
  readonly db: ClusterDb;
  readonly nodes: MasterNodes;
  readonly contact: ContactContext;
  readonly logger: Logger;
}

/** A node's answer may take several connect timeouts (each host name of each server). */
export const NODE_PROBE_TIMEOUT_MS = 120_000;

/** Every source's outcome for every key server in use; nothing without an active provider. */
export async function probeKeyServers(parts: ProbeParts): Promise<ProbeResult[]> {
  const ids = [...new Set(activeProviders(parts.db).flatMap((p) => p.keyServerIDs))];
  if (ids.length === 0) return [];
  const servers = ids.map((id) => parts.db.get<KeyServerRecord>(keyServerPath(id))).filter((s): s is KeyServerRecord => s !== undefined);
  const [fromMaster, fromNodes] = await Promise.all([Promise.all(servers.map((s) => probeFromMaster(parts, s))), probeFromNodes(parts)]);
  return [...fromMaster, ...fromNodes];
}

async function probeFromMaster(parts: ProbeParts, server: KeyServerRecord): Promise<ProbeResult> {
  const base = { keyServerID: server.keyServerID, source: 'master' } as const;
  try {
    await contactKeyServer(parts.contact, server, parts.db.get<KeyPairRecord>(DB_PATHS.keyPair), 'health check', () => Promise.resolve(), { quiet: true });
    return { ...base, outcome: 'ok', detail: '' };
  } catch (e) {
    if (!(e instanceof KeyServerContactError)) return { ...base, outcome: 'generic', detail: e instanceof Error ? e.message : String(e) };
    if (e.unexpected) return { ...base, outcome: 'generic', detail: e.detail };
    switch (e.failureName) {
      case 'xKeyServerUnavailable':
        return { ...base, outcome: 'connection', detail: e.detail };
      case 'xKeyServerAuthFailed':
      case 'xKeyServerSslError':
      case 'xKeyServerInvalidAuth':
        return { ...base, outcome: 'authentication', detail: e.detail };
      case 'xKeyServerFailed':
        return { ...base, outcome: 'server', detail: e.detail };
    }
  }
}

async function probeFromNodes(parts: ProbeParts): Promise<ProbeResult[]> {
  const online = parts.nodes.onlineNodeIDs();
  const answers = await Promise.allSettled(online.map((id) => parts.nodes.call(id, 'probeKeyServers', {}, NODE_PROBE_TIMEOUT_MS)));
  return answers.flatMap((a, i) => {
    const nodeID = online[i]!;
    if (a.status === 'rejected') {
      // A node that cannot say is not counted either way; its own faults (driveFailed) still show.
      parts.logger.log('warn', `Node ${nodeID} did not report its key-server contacts: ${a.reason instanceof Error ? a.reason.message : String(a.reason)}`, { component: 'KS' });
      return [];
    }
    return a.value.results.map((r) => ({ keyServerID: r.keyServerID, source: nodeID, outcome: nodeOutcome(r.outcome), detail: r.detail }));
  });
}

/** The node's words for what happened, in §10.1's three failure kinds. */
export function nodeOutcome(outcome: string): ProbeOutcome {
  switch (outcome) {
    case 'ok':
      return 'ok';
    case 'lookup':
    case 'refused':
    case 'timeout':
      return 'connection';
    case 'tls':
    case 'auth':
      return 'authentication';
    case 'server':
      return 'server';
    default:
      // The wire validates the outcome, so this is code that should be unreachable.
      return 'unknown';
  }
}
