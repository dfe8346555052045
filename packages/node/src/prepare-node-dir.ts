/**
 * A node's directory, made ready: on the first start (no `node.json`) the factory-new drives and
 * the box key pair are made and the state is written; afterwards the state is read and checked.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Rng } from '@ekmsim/core';
import { generateBoxKeyPair } from '@ekmsim/wire';
import { createFactoryDrives } from './drive-bays.js';
import { NodeStore, STATE_FILE, STATE_VERSION } from './node-store.js';

/** Drives of a node's first start; later starts keep what the state lists. */
export interface DriveOptions {
  /** Default 12 (an H610S-2F). */
  readonly count?: number;
  readonly model?: string;
  /** Default the model's 1.92 TB (sparse files: only written blocks take disk space). */
  readonly capacityBytes?: number;
}

export const DEFAULT_DRIVE_COUNT = 12;

export function prepareNodeDir(o: { readonly nodeID: number; readonly dataDir: string; readonly clock: Clock; readonly rng: Rng; readonly drives?: DriveOptions }): NodeStore {
  if (!Number.isSafeInteger(o.nodeID) || o.nodeID < 1) throw new RangeError('nodeID: a positive integer');
  mkdirSync(o.dataDir, { recursive: true });
  const path = join(o.dataDir, STATE_FILE);
  if (existsSync(path)) return NodeStore.load(path, o.nodeID);
  const drives = createFactoryDrives({
    dataDir: o.dataDir,
    nodeID: o.nodeID,
    count: o.drives?.count ?? DEFAULT_DRIVE_COUNT,
    clock: o.clock,
    rng: o.rng,
    ...(o.drives?.model === undefined ? {} : { model: o.drives.model }),
    ...(o.drives?.capacityBytes === undefined ? {} : { capacityBytes: o.drives.capacityBytes }),
  });
  return NodeStore.create(path, { version: STATE_VERSION, nodeID: o.nodeID, boxKeyPair: generateBoxKeyPair(), generations: [], drives });
}
