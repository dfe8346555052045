/**
 * Reading `/encryption/ear`. A version-1 record (before generations and transitions: no
 * `version` field) is read as version 2: a cluster enabled then had no nodes, so its key was
 * never distributed; it is taken as generation 0 and the next generation is 1.
 */
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, EAR_RECORD_VERSION, type EarKeys, type EarRecord } from '../db/layout.js';
import type { EncryptionAtRestState } from '../model.js';

const DISABLED: EarRecord = { version: EAR_RECORD_VERSION, state: 'disabled', nextGeneration: 1, transition: null };

type VersionOneRecord =
  | { readonly state: 'disabled' }
  | { readonly state: 'enabled'; readonly keyManagementType: 'internal'; readonly keyCreatedTime: string }
  | (Omit<Extract<EarKeys, { keyManagementType: 'external' }>, 'generation'>);

export function readEar(db: ClusterDb): EarRecord {
  const stored = db.get<EarRecord | VersionOneRecord>(DB_PATHS.ear);
  if (stored === undefined) return DISABLED;
  if ('version' in stored) return stored;
  if (stored.state === 'disabled') return DISABLED;
  const common = { version: EAR_RECORD_VERSION, nextGeneration: 1, transition: null } as const;
  if (stored.keyManagementType === 'internal') return { ...common, ...stored, generation: 0, threshold: 2 };
  return { ...common, ...stored, generation: 0 };
}

/** What GetClusterInfo and GetEncryptionAtRestInfo say: a transition shows as enabling/disabling. */
export function earState(ear: EarRecord): EncryptionAtRestState {
  if (ear.transition === null) return ear.state;
  return ear.transition.kind === 'disable' ? 'disabling' : 'enabling';
}

/** The generation the cluster's drives are keyed with now (null: MSID, EAR off). */
export function currentGeneration(ear: EarKeys): number | null {
  return ear.state === 'enabled' ? ear.generation : null;
}
