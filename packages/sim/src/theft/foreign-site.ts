/**
 * The thief's site (TR-4843 §1.1): another data center, on the foreign loopback range
 * (127.2.x.y), where stolen nodes are powered on by a master of the thief's own — a fresh one
 * for nodes carried off alone, one booted from a copy of the cluster database when the whole
 * cluster was taken. Everything the thief's side does goes over the same simulated network as
 * the cluster's, so a key server's allow-list, revocations and deleted keys act on it for real.
 * Its state lives under DIR/foreign/ (its own sf-master.info and .error).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClockReading, Rng, SimulationClock } from '@ekmsim/core';
import { createElementLogs, openMaster, type ElementLogs, type Master, type MasterActivity } from '@ekmsim/master';
import { FOREIGN_MASTER_ADDRESS } from '../network/addresses.js';
import type { SimulatedNetwork } from '../network/network.js';
import { NodeHost } from '../node-host.js';
import { FOREIGN_DIR } from './theft-record.js';

export interface ForeignSiteParts {
  readonly dataDir: string;
  readonly clock: SimulationClock;
  readonly rng: Rng;
  readonly network: SimulatedNetwork;
  readonly drivesPerNode: number;
  readonly capacityBytes?: number;
  readonly kmipTimeouts?: { readonly connectMs?: number; readonly requestMs?: number };
  /** The thief's master's share relays, for the activity view (MasterOptions.onActivity). */
  readonly onActivity?: (activity: MasterActivity) => void;
}

export class ForeignSite {
  readonly #p: ForeignSiteParts;
  readonly #host: NodeHost;
  #master: Master | undefined;
  #logs: ElementLogs | undefined;

  constructor(parts: ForeignSiteParts) {
    this.#p = parts;
    this.#host = new NodeHost({
      nodeIDs: [],
      nodesDir: this.nodesDir,
      drivesPerNode: parts.drivesPerNode,
      ...(parts.capacityBytes === undefined ? {} : { capacityBytes: parts.capacityBytes }),
      attach: (_nodeID, channel) => this.#master?.nodes.accept(channel),
      environment: (nodeID) => ({
        clock: parts.clock.reading,
        network: parts.network.nodeNetwork(nodeID),
        ...(parts.kmipTimeouts === undefined ? {} : { kmipTimeouts: parts.kmipTimeouts }),
      }),
    });
  }

  get dir(): string {
    return join(this.#p.dataDir, FOREIGN_DIR);
  }

  get nodesDir(): string {
    return join(this.dir, 'nodes');
  }

  get drivesDir(): string {
    return join(this.dir, 'drives');
  }

  get masterDir(): string {
    return join(this.dir, 'master');
  }

  /** The thief's master, if a node has been carried here. */
  get master(): Master | undefined {
    return this.#master;
  }

  /** Boots the thief's master (on what its directory holds) if it is not running. */
  async openMaster(): Promise<Master> {
    if (this.#master !== undefined) return this.#master;
    const { clock, rng, network, kmipTimeouts, onActivity } = this.#p;
    this.#logs ??= createElementLogs({ dir: this.dir, clock });
    this.#master = await openMaster({
      dataDir: this.masterDir,
      clock,
      rng,
      logger: this.#logs,
      kmip: {
        dialer: network.dialerFrom(FOREIGN_MASTER_ADDRESS),
        ...(kmipTimeouts?.connectMs === undefined ? {} : { connectTimeoutMs: kmipTimeouts.connectMs }),
        ...(kmipTimeouts?.requestMs === undefined ? {} : { requestTimeoutMs: kmipTimeouts.requestMs }),
      },
      clockReading: () => clock.reading,
      ...(onActivity === undefined ? {} : { onActivity }),
    });
    return this.#master;
  }

  /**
   * Replaces the thief's master with one booted from what `fill` writes into its directory (a
   * copy of the cluster database). The thief's nodes are powered off; receiveNode brings each back.
   */
  async rebootMasterFrom(fill: (masterDir: string) => Promise<void>): Promise<void> {
    await this.#host.powerOffAll();
    await this.#master?.close();
    this.#master = undefined;
    await rm(this.masterDir, { recursive: true, force: true });
    await fill(this.masterDir);
    await this.openMaster();
  }

  /** Powers on, here, a node whose directory is already in nodesDir. */
  async receiveNode(nodeID: number): Promise<void> {
    await this.openMaster();
    this.#p.network.placeNode(nodeID, 'foreign');
    this.#host.adopt(nodeID);
    this.#host.powerOn(nodeID);
  }

  /** Tells the thief's nodes the simulation clock's new reading (AdvanceClock, PauseClock, ResumeClock). */
  broadcastClock(reading: ClockReading): void {
    this.#master?.nodes.broadcastClock(reading);
  }

  async close(): Promise<void> {
    await this.#host.powerOffAll();
    await this.#master?.close();
    this.#master = undefined;
    await this.#logs?.close();
    this.#logs = undefined;
  }
}
