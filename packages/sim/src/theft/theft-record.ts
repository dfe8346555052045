/**
 * What has been stolen from the simulated cluster, kept in `DIR/foreign/theft.json` (written
 * atomically) so that a restarted simulation neither powers a stolen node on at home nor forgets
 * the thief's site. Stolen things never come back: a theft is for showing what the thief sees.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@ekmsim/durable-file';

export type StolenWith = 'drive' | 'node' | 'cluster';

export interface StolenDrive {
  readonly driveID: number;
  readonly serial: string;
  /** The node it was taken from (StealDrive) or in (StealNode, StealCluster). */
  readonly nodeID: number;
  readonly stolenWith: StolenWith;
}

export interface TheftRecord {
  /** Nodes now at the foreign site, run by the thief's master. */
  readonly nodes: readonly number[];
  readonly drives: readonly StolenDrive[];
  /** The thief's master booted from a copy of the cluster database (StealCluster). */
  readonly clusterDatabase: boolean;
  /** ISO 8601 of each theft, on the simulation clock, oldest first. */
  readonly thefts: readonly { readonly at: string; readonly what: string }[];
}

export const FOREIGN_DIR = 'foreign';
const RECORD_FILE = 'theft.json';

export const NO_THEFT: TheftRecord = { nodes: [], drives: [], clusterDatabase: false, thefts: [] };

export function readTheftRecord(dataDir: string): TheftRecord {
  const path = join(dataDir, FOREIGN_DIR, RECORD_FILE);
  if (!existsSync(path)) return NO_THEFT;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as TheftRecord;
    if (!Array.isArray(parsed.nodes) || !Array.isArray(parsed.drives) || !Array.isArray(parsed.thefts)) throw new Error('missing members');
    return parsed;
  } catch (e) {
    throw new Error(`${path} is not a theft record: ${(e as Error).message}`, { cause: e });
  }
}

export function writeTheftRecord(dataDir: string, record: TheftRecord): void {
  writeFileAtomic(join(dataDir, FOREIGN_DIR, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
