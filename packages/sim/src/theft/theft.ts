/**
 * Theft (TR-4843 §1.1): `StealDrive`, `StealNode` and `StealCluster` move the persisted state of
 * what is stolen out of the cluster's directory into the thief's site and power it on there;
 * `GetTheftReport` says, per stolen drive, whether the thief can read plaintext.
 *
 * - A drive is pulled from its node (powered off for the moment it takes, then on again without
 *   it) and read alone: locked at power-on when EAR put its Admin1 PIN to the AK, and the thief
 *   has no AK.
 * - A node (its state file, its share or sealed client key, its drives) boots at the foreign site
 *   under a master of the thief's: under internal keys it finds no peer to rebuild the AK from;
 *   under external keys it asks the key server itself, from the foreign site.
 * - The whole cluster also takes a copy of the cluster database: under internal keys every share
 *   is there and the data is readable (the limit of internal keys); under external keys only the
 *   key server can refuse (allow-list, revoked certificate, deleted AK).
 */
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { ElementApiError, type Master } from '@ekmsim/master';
import { driveDir } from '@ekmsim/node';
import { openDrive, SedLockedError } from '@ekmsim/sed';
import { SIM_ERROR_NAMES, type TheftReport } from '@ekmsim/api';
import type { Rng, SimulationClock } from '@ekmsim/core';
import type { NodeHost } from '../node-host.js';
import type { ForeignSite } from './foreign-site.js';
import { readTheftRecord, writeTheftRecord, type StolenDrive, type TheftRecord } from './theft-record.js';

export interface TheftParts {
  readonly dataDir: string;
  /** Where the cluster's nodes keep their directories (DIR/nodes). */
  readonly nodesDir: string;
  readonly master: Master;
  readonly host: NodeHost;
  readonly foreign: ForeignSite;
  readonly clock: SimulationClock;
  readonly rng: Rng;
}

export class Theft {
  readonly #p: TheftParts;
  #record: TheftRecord;

  constructor(parts: TheftParts) {
    this.#p = parts;
    this.#record = readTheftRecord(parts.dataDir);
  }

  isStolen(nodeID: number): boolean {
    return this.#record.nodes.includes(nodeID);
  }

  /** After a restart: the thief's site comes back with what it holds. */
  async resume(): Promise<void> {
    for (const nodeID of this.#record.nodes) await this.#p.foreign.receiveNode(nodeID);
  }

  async stealDrive(driveID: number): Promise<void> {
    const { nodeID, serial } = this.#p.master.nodes.locateDrive(driveID);
    if (this.#record.drives.some((d) => d.serial === serial)) throw stolenAlready(`drive ${driveID}`);
    this.#managed(nodeID);
    const wasOn = this.#p.host.isOn(nodeID);
    // Pulling a drive out of a running node: the node goes on without it.
    await this.#p.host.powerOff(nodeID);
    try {
      await mkdir(this.#p.foreign.drivesDir, { recursive: true });
      await rename(driveDir(join(this.#p.nodesDir, String(nodeID)), serial), join(this.#p.foreign.drivesDir, serial));
      this.#save({ drives: [...this.#record.drives, { driveID, serial, nodeID, stolenWith: 'drive' }] }, `drive ${driveID} (${serial}) from node ${nodeID}`);
    } finally {
      if (wasOn) this.#p.host.powerOn(nodeID);
    }
  }

  async stealNode(nodeID: number): Promise<void> {
    this.#managed(nodeID);
    const drives = this.#drivesOf([nodeID], 'node');
    await this.#carryOff([nodeID]);
    this.#save({ nodes: [...this.#record.nodes, nodeID], drives: [...this.#record.drives, ...drives] }, `node ${nodeID}`);
    await this.#p.foreign.receiveNode(nodeID);
  }

  async stealCluster(): Promise<void> {
    const ids = this.#p.master.nodes
      .listNodes()
      .map((n) => n.nodeID)
      .filter((id) => !this.isStolen(id));
    for (const id of ids) this.#managed(id);
    if (ids.length === 0) throw new ElementApiError(SIM_ERROR_NAMES.stolen, 'every node of the cluster has been stolen already');
    const drives = this.#drivesOf(ids, 'cluster');
    await this.#carryOff(ids);
    const nodes = [...this.#record.nodes, ...ids];
    this.#save({ nodes, drives: [...this.#record.drives, ...drives], clusterDatabase: true }, `the cluster (nodes ${ids.join(', ')} and the cluster database)`);
    // The thief's master boots from the cluster's database; every node at the site joins it.
    await this.#p.foreign.rebootMasterFrom((dir) => this.#p.master.copyDatabaseTo(dir));
    for (const id of nodes) await this.#p.foreign.receiveNode(id);
  }

  async report(): Promise<TheftReport> {
    const thief = this.#p.foreign.master;
    const nodes: TheftReport['nodes'][number][] = [];
    const drives: TheftReport['drives'][number][] = [];
    for (const nodeID of this.#record.nodes) {
      const online = thief?.nodes.listNodes().some((n) => n.nodeID === nodeID && n.online) ?? false;
      const state = online ? await thief!.nodes.call(nodeID, 'getState', {}).catch(() => null) : null;
      nodes.push({ nodeID, online, phase: state?.phase ?? null, unlockError: state?.unlockError ?? null });
      for (const d of this.#record.drives.filter((x) => x.nodeID === nodeID && x.stolenWith !== 'drive')) {
        const seen = state?.drives.find((x) => x.serial === d.serial);
        if (seen === undefined) {
          drives.push(entry(d, null, false, `node ${nodeID} is not up at the thief's site yet`));
          continue;
        }
        if (seen.locked) {
          drives.push(entry(d, true, false, `locked: the thief's node could not get the authentication key (${state?.unlockError ?? 'still trying'})`));
          continue;
        }
        const read = await thief!.nodes.call(nodeID, 'readBlocks', { serial: d.serial, lba: 0, blocks: 1 }).then(
          () => null,
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        );
        drives.push(read === null ? entry(d, false, true, 'unlocked at the thief\'s site: the thief reads plaintext') : entry(d, false, false, `unlocked, but reading failed: ${read}`));
      }
    }
    for (const d of this.#record.drives.filter((x) => x.stolenWith === 'drive')) drives.push(this.#readLoneDrive(d));
    const settled = nodes.every((n) => n.phase === 'ready' || n.phase === 'locked');
    return { thefts: this.#record.thefts, nodes, drives, settled };
  }

  /** The thief powers a lone drive on in a machine of theirs and reads its first block. */
  #readLoneDrive(d: StolenDrive): TheftReport['drives'][number] {
    let drive;
    try {
      drive = openDrive(join(this.#p.foreign.drivesDir, d.serial), { clock: this.#p.clock, rng: this.#p.rng });
    } catch (e) {
      return entry(d, null, false, `the drive does not power on: ${(e as Error).message}`);
    }
    try {
      if (drive.getStatus().locked) return entry(d, true, false, 'locked at power-on: its PIN is the cluster\'s authentication key, which the thief does not have');
      drive.readBlocks(0, 1);
      return entry(d, false, true, 'no lock at power-on (encryption at rest was off): the thief reads plaintext');
    } catch (e) {
      if (e instanceof SedLockedError) return entry(d, true, false, `locked: ${e.message}`);
      return entry(d, null, false, `reading failed: ${(e as Error).message}`);
    } finally {
      drive.powerOff();
    }
  }

  #managed(nodeID: number): void {
    if (this.isStolen(nodeID)) throw stolenAlready(`node ${nodeID}`);
    if (!this.#p.host.manages(nodeID)) {
      throw new ElementApiError(SIM_ERROR_NAMES.nodeNotManaged, `node ${nodeID} runs in its own process (ekmsim node --join); the simulation cannot carry it off`);
    }
  }

  #drivesOf(nodeIDs: readonly number[], stolenWith: StolenDrive['stolenWith']): StolenDrive[] {
    const taken = new Set(this.#record.drives.map((d) => d.serial));
    return this.#p.master
      .listDrives()
      .filter((d) => nodeIDs.includes(d.nodeID) && !taken.has(d.serial))
      .map((d) => ({ driveID: d.driveID, serial: d.serial, nodeID: d.nodeID, stolenWith }));
  }

  /** Powers the nodes off for good at home and moves their directories to the thief's site. */
  async #carryOff(nodeIDs: readonly number[]): Promise<void> {
    await mkdir(this.#p.foreign.nodesDir, { recursive: true });
    for (const id of nodeIDs) {
      await this.#p.host.release(id);
      await rename(join(this.#p.nodesDir, String(id)), join(this.#p.foreign.nodesDir, String(id)));
    }
  }

  #save(change: Partial<TheftRecord>, what: string): void {
    const at = new Date(this.#p.clock.now()).toISOString();
    this.#record = { ...this.#record, ...change, thefts: [...this.#record.thefts, { at, what }] };
    writeTheftRecord(this.#p.dataDir, this.#record);
  }
}

function entry(d: StolenDrive, locked: boolean | null, plaintextReadable: boolean, detail: string): TheftReport['drives'][number] {
  return { driveID: d.driveID, serial: d.serial, nodeID: d.nodeID, stolenWith: d.stolenWith, locked, plaintextReadable, detail };
}

function stolenAlready(what: string): ElementApiError {
  return new ElementApiError(SIM_ERROR_NAMES.stolen, `${what} has been stolen already`);
}
