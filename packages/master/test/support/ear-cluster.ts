/** A master with fake storage nodes on a scratch directory, and waiting for what it does next. */
import { SimulatedClock, seededRng, type Clock } from '@ekmsim/core';
import { openMaster, type EncryptionAtRestState, type Master, type MasterOptions } from '@ekmsim/master';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { vi } from 'vitest';
import { fakeCluster, type FakeCluster } from './fake-nodes.js';
import { MemoryLogger } from './cluster.js';
import { removeDir, scratchDir } from './site.js';

export interface EarCluster {
  master: Master;
  readonly dataDir: string;
  readonly fake: FakeCluster;
  readonly logger: MemoryLogger;
  /** Closes the master and opens a new one on the same directory (nodes stay disconnected). */
  restart(): Promise<Master>;
  close(): Promise<void>;
}

export interface EarClusterOptions extends Partial<MasterOptions> {
  readonly nodes: number;
  readonly drives?: number;
  /** Default a SimulatedClock that nobody advances: retries happen only when a node joins. */
  readonly clock?: Clock;
}

export async function openEarCluster(options: EarClusterOptions): Promise<EarCluster> {
  const { nodes, drives, ...rest } = options;
  const clock = options.clock ?? new SimulatedClock(Date.UTC(2026, 10, 28, 4, 50));
  const rng = options.rng ?? seededRng(7);
  const logger = new MemoryLogger();
  const dataDir = options.dataDir ?? scratchDir();
  const open = (): Promise<Master> => openMaster({ logger, ...rest, clock, rng, dataDir });
  const fake = fakeCluster(nodes, { clock, rng, ...(drives === undefined ? {} : { drives }) });
  const cluster: EarCluster = {
    master: await open(),
    dataDir,
    fake,
    logger,
    async restart() {
      await cluster.master.close();
      cluster.master = await open();
      return cluster.master;
    },
    async close() {
      await cluster.master.close();
      removeDir(dataDir);
    },
  };
  await fake.connectAll(cluster.master);
  return cluster;
}

export function waitForState(master: Master, state: EncryptionAtRestState): Promise<void> {
  return vi.waitFor(
    () => {
      if (master.getEncryptionAtRestInfo().state !== state) throw new Error(`EAR is ${master.getEncryptionAtRestInfo().state}, waiting for ${state}`);
    },
    { timeout: 20_000, interval: 5 },
  );
}

export function waitUntil(condition: () => boolean, what: string): Promise<void> {
  return vi.waitFor(
    () => {
      if (!condition()) throw new Error(`still waiting: ${what}`);
    },
    { timeout: 20_000, interval: 5 },
  );
}

/** The EAR record as the cluster database holds it (read only while no master has it open). */
export function storedEarRecord(dataDir: string): Record<string, unknown> {
  const db = new Database(join(dataDir, 'cluster-db.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT value FROM nodes WHERE path = ?').get('/encryption/ear') as { value: string } | undefined;
    return row === undefined ? {} : (JSON.parse(row.value) as Record<string, unknown>);
  } finally {
    db.close();
  }
}
