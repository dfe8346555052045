/**
 * The master's own sealed-box identity (`master`), made once and kept in the cluster database.
 * Nodes learn the public half in the answer to `join`; the private half never leaves the record.
 */
import { generateBoxKeyPair } from '@ekmsim/wire';
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, type MasterBoxKeyRecord } from '../db/layout.js';

export function ensureMasterBoxKey(db: ClusterDb): MasterBoxKeyRecord {
  const stored = db.get<MasterBoxKeyRecord>(DB_PATHS.masterBoxKey);
  if (stored !== undefined) return stored;
  const pair = generateBoxKeyPair();
  const record: MasterBoxKeyRecord = { publicKey: pair.publicKey, privateKey: pair.privateKey };
  db.write((tx) => tx.put(DB_PATHS.masterBoxKey, record));
  return record;
}
