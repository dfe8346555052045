/**
 * What the node accepts as a generation record (storeGeneration). It must be usable by this node
 * (its own share opens and matches the split's check; the sealed client key opens), and a
 * generation some drive's PIN depends on may be updated (a re-sealed share, a renewed client
 * certificate, the check value once known) but never pointed at another key.
 *
 * The master does not keep an external AK's check value (only the nodes compute and hold it), so
 * the records it sends to refresh a generation's key servers or client certificate
 * (ModifyKeyServerKmip, Add/RemoveKeyServerFromProviderKmip, a node's join) carry `akCheck: null`.
 * Such a record keeps the check value this node already holds for the same key
 * (`withKnownAkCheck`): a refresh must never leave the node trusting whatever key a server hands out.
 */
import { NODE_ERROR_CODES, type GenerationRecord } from '@ekmsim/wire';
import { NodeError } from './errors.js';
import { ownShare, readKeyCheck } from './internal-key.js';
import type { NodeStore } from './node-store.js';
import { openClientKey, type BoxIdentity } from './sealed-secrets.js';

/** wire's NodeState reports at most 8 generations; a node needs two at a time (current and next). */
export const MAX_GENERATIONS = 8;

export function checkGenerationRecord(record: GenerationRecord, store: NodeStore, me: BoxIdentity): void {
  const g = record.generation;
  if (record.mode === 'internal') {
    const check = readKeyCheck(record);
    if (check.threshold !== record.threshold || check.shareCount !== record.shareCount) {
      throw bad(`generation ${g}: threshold ${record.threshold} of ${record.shareCount} disagrees with its key check (${check.threshold} of ${check.shareCount})`);
    }
    ownShare(record, me, check);
  } else {
    try {
      openClientKey(record.clientKey, me, g);
    } catch (cause) {
      throw bad(`generation ${g}: the client key sealed to this node does not open: ${(cause as Error).message}`, cause);
    }
  }
  const existing = store.generation(g);
  if (existing === undefined) {
    if (store.generations.length >= MAX_GENERATIONS) throw bad(`the node already keeps ${MAX_GENERATIONS} generations; commit one first`);
  } else if (store.referencedGenerations().has(g) && !sameKey(existing, record)) {
    throw bad(`generation ${g} is in use by this node's drives and this record names another key`);
  }
}

/**
 * `record`, with the check value of the record this node holds for the same generation and the
 * same key (key ID and KMIP unique identifier) when `record` has none. A record naming another
 * key gets nothing from the old one (and is refused if a drive depends on the generation).
 */
export function withKnownAkCheck(record: GenerationRecord, existing: GenerationRecord | undefined): GenerationRecord {
  if (record.mode !== 'external' || record.akCheck !== null || existing?.mode !== 'external' || existing.akCheck === null) return record;
  if (existing.keyID !== record.keyID || existing.kmipUniqueIdentifier !== record.kmipUniqueIdentifier) return record;
  return { ...record, akCheck: existing.akCheck };
}

function sameKey(a: GenerationRecord, b: GenerationRecord): boolean {
  if (a.mode === 'internal' && b.mode === 'internal') return readKeyCheck(a).splitId === readKeyCheck(b).splitId;
  if (a.mode === 'external' && b.mode === 'external') {
    return a.keyID === b.keyID && a.kmipUniqueIdentifier === b.kmipUniqueIdentifier && (a.akCheck === null || b.akCheck === null || a.akCheck === b.akCheck);
  }
  return false;
}

function bad(message: string, cause?: unknown): NodeError {
  return new NodeError(NODE_ERROR_CODES.badRequest, message, cause === undefined ? undefined : { cause });
}
