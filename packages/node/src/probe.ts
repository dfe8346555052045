/**
 * probeKeyServers: the node's own view of its key servers, as the cluster's fault checks need it
 * (TR-4843 §10.1 names the nodes that cannot reach a key server). For every key server of the
 * newest external generation the node holds: DiscoverVersions over mutual TLS with the cluster's
 * client certificate, each host name in order, and what came of it. Nothing secret is reported:
 * details are the transport's or the server's words.
 */
import { KmipClient } from '@ekmsim/kmip-client';
import { NODE_ERROR_CODES, type ExternalGenerationRecord, type KmipServerConfig, type Result, type MASTER_TO_NODE } from '@ekmsim/wire';
import { NodeError } from './errors.js';
import { kmipClientOptions, type KmipAccess } from './external-key.js';
import { classifyFailure } from './kmip-outcome.js';
import type { NodeStore } from './node-store.js';
import { openClientKey, type BoxIdentity } from './sealed-secrets.js';

type ProbeResult = Result<typeof MASTER_TO_NODE, 'probeKeyServers'>['results'][number];

export async function probeKeyServers(store: NodeStore, me: BoxIdentity, access: KmipAccess): Promise<ProbeResult[]> {
  const record = newestExternal(store);
  if (record === undefined) return [];
  let keyPem: string;
  try {
    keyPem = openClientKey(record.clientKey, me, record.generation);
  } catch (cause) {
    throw new NodeError(NODE_ERROR_CODES.keyUnavailable, `generation ${record.generation}: the cluster's client key does not open: ${(cause as Error).message}`, { cause });
  }
  // One after the other, as the node would contact them: results in configuration order.
  const results: ProbeResult[] = [];
  for (const server of record.servers) results.push(await probe(record, server, keyPem, access));
  return results;
}

function newestExternal(store: NodeStore): ExternalGenerationRecord | undefined {
  const newest = [...store.generations].sort((a, b) => b.generation - a.generation)[0];
  return newest?.mode === 'external' ? newest : undefined;
}

async function probe(record: ExternalGenerationRecord, server: KmipServerConfig, keyPem: string, access: KmipAccess): Promise<ProbeResult> {
  const client = new KmipClient(kmipClientOptions(record, server, keyPem, access));
  try {
    const versions = await client.discoverVersions();
    return { keyServerID: server.keyServerID, outcome: 'ok', detail: `${client.server.host}: DiscoverVersions answered (${versions.map((v) => `${v.major}.${v.minor}`).join(', ')})` };
  } catch (e) {
    return { keyServerID: server.keyServerID, ...classifyFailure(e) };
  } finally {
    await client.close().catch(() => undefined);
  }
}
